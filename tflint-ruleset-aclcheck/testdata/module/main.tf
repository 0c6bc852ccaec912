# ElastiCache and MemoryDB users and groups for the tests of aclcheck's
# tflint plugin: each access string is linted as aclcheck lint does.

variable "reader_access" {
  type    = string
  default = "on ~app:* -@all +@read"
}

variable "secret_access" {
  type = string
}

variable "prefix" {
  type    = string
  default = "app"
}

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
  passwords     = ["a-long-enough-password-1"]
}

resource "aws_elasticache_user" "templated" {
  user_id       = "templated"
  user_name     = "templated"
  engine        = "redis"
  access_string = "on ~${var.prefix}:* -@all +get +flushall"
  passwords     = ["a-long-enough-password-2"]
}

resource "aws_elasticache_user" "from_variable" {
  user_id       = "from-variable"
  user_name     = "from-variable"
  engine        = "redis"
  access_string = var.reader_access
  passwords     = ["a-long-enough-password-3"]
}

resource "aws_elasticache_user" "unknown" {
  user_id       = "unknown"
  user_name     = "unknown"
  engine        = "redis"
  access_string = var.secret_access
  passwords     = ["a-long-enough-password-4"]
}

resource "aws_elasticache_user_group" "app" {
  user_group_id = "app-group"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.app.user_id, aws_elasticache_user.reader.user_id]
}

resource "aws_memorydb_user" "ops" {
  user_name     = "ops"
  access_string = <<-EOT
    on ~* +@all
  EOT
  authentication_mode {
    type      = "password"
    passwords = ["short"]
  }
}

resource "aws_memorydb_user" "cache" {
  user_name = "cache"
  # tflint-ignore: AC5003
  access_string = "on ~cache:* +@read +@write -@dangerous +scan"
  authentication_mode {
    type      = "password"
    passwords = ["a-long-enough-password-5"]
  }
}

resource "aws_memorydb_acl" "ops" {
  name       = "ops-acl"
  user_names = [aws_memorydb_user.ops.user_name, aws_memorydb_user.cache.user_name]
}

resource "aws_memorydb_user" "worker" {
  user_name     = "worker"
  access_string = "on ~jobs:* resetchannels &jobs:* -@all +@list +@pubsub +flushdb (~tmp:* +set)"
  authentication_mode {
    type = "iam"
  }
}
