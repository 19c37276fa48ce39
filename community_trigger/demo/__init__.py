"""The demo partnership that `make run` serves: its staff, its cases at every step of the procedure,
and past years' cases for the published figures. It sits above every context, and none imports it."""
