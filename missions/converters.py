"""Path converters of the site's URLs.

`<code:acronym>` is a mission acronym or an entity code in a path: like `str`, but refusing a NUL
character, which PostgreSQL cannot even compare with a text, so `/missions/UN%00MIL/` is a 404
instead of a server error in every view that looks the mission up. Ids are `<int:pk>`.
"""

from django.urls import register_converter
from django.urls.converters import StringConverter


class CodeConverter(StringConverter):
    regex = "[^/\x00]+"


register_converter(CodeConverter, "code")
