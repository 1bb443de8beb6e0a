"""A router whose operations keep the ids they had when each app's API was one module.

Clients generate code from the OpenAPI operation ids (``ruche_forum_api_topic_list``), which
django-ninja derives from the handler's module: splitting the API into modules must not change
them, so the id is the app's prefix and the handler's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Router


class OperationIdsRouter(Router):
    def __init__(self, *, operation_prefix: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation_prefix = operation_prefix

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable, **kwargs: Any
    ) -> None:
        if not kwargs.get("operation_id"):
            kwargs["operation_id"] = f"{self.operation_prefix}_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kwargs)
