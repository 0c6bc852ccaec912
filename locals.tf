locals {
  admin_acl = "on ~* +@all"
}
