variable "prefix" {
  default = "app"
}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "valkey"
  passwords     = ["a-long-enough-password-1"]
  access_string = "on ~${var.prefix}:* -@all +get"
}
