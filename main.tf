resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "redis"
  access_string = "on ~${var.prefix}:* +get ${var.extra}"
  passwords     = ["not-a-real-password-42"]
}

resource "aws_elasticache_user" "admin" {
  user_id       = "admin"
  user_name     = "admin"
  engine        = "redis"
  access_string = local.admin_acl
  passwords     = ["not-a-real-password-43"]
}

resource "aws_elasticache_user_group" "g" {
  user_group_id = "g"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.default.user_id, aws_elasticache_user.app.user_id, "admin"]
}

module "u" {
  source = "../modules/u"
  acl    = "on ~m:* +flushall"
}
