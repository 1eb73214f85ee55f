from wagtail import hooks

from outputs.forms import log_chatham_override

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)
