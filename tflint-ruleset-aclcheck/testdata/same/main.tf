# ElastiCache users and a group written with literals, where tflint with
# the plugin and aclcheck lint -f report the same findings.

resource "aws_elasticache_user" "app" {
  user_id       = "app"
  user_name     = "app"
  engine        = "redis"
  access_string = "on ~app:* +@all -@dangerous >hunter2hunter2 +config|get"
  authentication_mode {
    type = "no-password-required"
  }
}

resource "aws_elasticache_user" "reader" {
  user_id       = "reader"
  user_name     = "reader"
  engine        = "valkey"
  access_string = "on ~\"app:*\" -@all +@read +keys"
  passwords     = ["a-long-enough-password-1", "short"]
}

resource "aws_elasticache_user" "jobs" {
  user_id       = "jobs"
  user_name     = "jobs"
  engine        = "redis"
  access_string = <<-EOT
    on ~jobs:* resetchannels &jobs:* -@all +@list +flushdb (~tmp:* +set)
  EOT
  passwords     = ["a-long-enough-password-2"]
}

resource "aws_elasticache_user_group" "app" {
  user_group_id = "app-group"
  engine        = "redis"
  user_ids      = ["app", "reader", "jobs"]
}
