"""Accounts: logins and roles, the permission check every route goes through, sign-in and sessions, the
secretariat's accounts page."""
