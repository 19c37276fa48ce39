"""Staff pages, under /staff/. Every view here but the sign-in steps is wrapped in staff_required."""

from django.urls import path

from community_trigger.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/second-factor/", views.second_factor, name="second_factor"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-in/backup-code/", views.backup_code, name="backup_code"),
    path("sign-in/no-second-factor/", views.no_second_factor, name="no_second_factor"),
    path("two-factor/set-up/", views.set_up, name="set_up"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("two-factor/backup-codes/new/", views.backup_codes_new, name="backup_codes_new"),
    path("password/", views.password_change, name="password_change"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
]

# The pages someone reaches before they are fully signed in, so without staff_required: the steps of
# signing in, and signing out. A test that every other staff view has the check can start from this.
SIGN_IN_STEPS = frozenset(
    {
        "sign_in",
        "second_factor",
        "code",
        "backup_code",
        "no_second_factor",
        "set_up",
        "sign_out",
        "signed_out",
    }
)
