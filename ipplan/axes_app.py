"""django-axes (login throttling, ipplan/logins.py) under a Chinese name in the admin; its
model names and fields are translated in locale/zh_Hans (axes ships no Chinese)."""

from axes.apps import AppConfig


class LoginThrottleConfig(AppConfig):
    verbose_name = "登录保护"
