"""Staff sign-in: password, a second factor (an authenticator app or a backup code), lockout and idle
expiry; the staff home page; and the two-factor admin site for platform administrators."""
