"""Fill a Word template with its fields: docxtpl over a sandboxed, strict, autoescaping Jinja environment.

Autoescaping makes user text plain text in the document's XML (a name holding ``<w:p>`` or ``&`` is printed
as written); the sandbox keeps an organisation's or a plugin's template from calling into the app; a
field a template names but the app does not give stops the rendering with an error naming the template
and the field, in the user's language.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from docxtpl import DocxTemplate
from flask import current_app
from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from emulation.config import shared_folder
from emulation.errors import EmulationError

_FIELD = re.compile(r"has no attribute '([^']+)'|'([^']+)' is undefined")


class TemplateProblem(EmulationError):
    """A document template cannot be filled: it names a field the app does not give, or its tags are broken."""

    status = 500


def template_folders() -> list[Path]:
    """Return where templates are looked for: the organisation's folder (EMULATION_DOCUMENT_TEMPLATES) first."""
    folders = []
    override = current_app.config.get("EMULATION_DOCUMENT_TEMPLATES")
    if override:
        folders.append(Path(override))
    folders.append(shared_folder("templates") / "documents")
    return folders


def find_template(name: str) -> Path:
    """Return the template file `name` (a file name, or a plugin's absolute path), the organisation's first."""
    if Path(name).is_absolute():
        return Path(name)
    for folder in template_folders():
        if (folder / name).is_file():
            return folder / name
    raise TemplateProblem(_("Không tìm thấy mẫu văn bản %(template)s.", template=name))


def render_docx(template: Path, context: dict) -> bytes:
    """Return the .docx bytes of `template` filled with `context`."""
    document = DocxTemplate(str(template))
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        document.render(context, jinja_env=environment)
    except UndefinedError as exc:
        found = _FIELD.search(str(exc))
        field = next(filter(None, found.groups())) if found else str(exc)
        raise TemplateProblem(_("Mẫu văn bản %(template)s dùng trường không có: %(field)s.",
                                template=template.name, field=field)) from exc
    except TemplateError as exc:
        raise TemplateProblem(_("Mẫu văn bản %(template)s có thẻ sai: %(problem)s.",
                                template=template.name, problem=str(exc))) from exc
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
