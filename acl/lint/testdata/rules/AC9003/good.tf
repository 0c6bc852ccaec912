locals {
  prefix = "app"
}

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "valkey"
  access_string = "on ~${local.prefix}:* -@all +get"
  authentication_mode {
    type = "iam"
  }
}
