# ElastiCache users and a group written with literals, where tflint with
# the plugin and aclcheck lint -f report the same findings.

resource "aws_elasticache_user" "orders" {
  user_id       = "orders"
  user_name     = "orders"
  engine        = "valkey"
  access_string = "on ~orders:* &orders:* -@all +@hash +@string +client|kill >hunter2hunter2 +keys"
  authentication_mode {
    type = "no-password-required"
  }
}

resource "aws_elasticache_user" "auditor" {
  user_id       = "auditor"
  user_name     = "auditor"
  engine        = "redis"
  access_string = "on %R~\"orders:*\" -@all +@read +debug +config|get"
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
  user_group_id = "orders-group"
  engine        = "redis"
  user_ids      = ["orders", "auditor", "jobs"]
}
