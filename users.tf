resource "aws_elasticache_user" "default" {
  user_id       = "app-default"
  user_name     = "default"
  engine        = "redis"
  access_string = "on ~* +@all"
  passwords     = ["a-sibling-password-123"]
}
