variable "prefix" {}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "valkey"
  passwords     = ["a-long-enough-password-1"]
  # want AC9003 26 "not checked: depends on var.prefix"
  access_string = "on ~${var.prefix}:* -@all +get"
}
