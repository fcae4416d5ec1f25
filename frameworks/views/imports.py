"""Starting a draft framework from a Word document: upload it, check and correct what was read,
confirm. Nothing is stored before the confirmation: the upload is read in memory (never written
to disk) and what was read travels in the preview's fields."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from frameworks import docx_import, services
from frameworks.import_forms import FrameworkImportForm, FrameworkImportUploadForm
from missions.generic.views import MissionFormView


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps an upload in memory up to `limit` bytes; past it, the rest is dropped as it arrives
    and the file is marked `too_large` (its size still counted), so the form can say so."""

    def __init__(self, request=None, limit: int = docx_import.MAX_BYTES):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.too_large = io.BytesIO(), False
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large, self.buffer = True, io.BytesIO()
        if not self.too_large:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        upload = InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        upload.too_large = self.too_large
        return upload


# The upload handlers must be set before the request's body is read, and the CSRF check reads it:
# so the check is made here, after setting them, rather than by the middleware.
@method_decorator(csrf_exempt, name="dispatch")
class FrameworkImportView(MissionFormView):
    """Import a framework from Word: step 1 the upload form, step 2 the preview (every part
    editable), confirmed through `services.framework_import`, then the editor."""

    action = "add"
    form_class = FrameworkImportUploadForm
    template_name = "frameworks/framework_import.html"
    preview_template_name = "frameworks/framework_import_preview.html"
    previewing = False

    def dispatch(self, request, *args, **kwargs):
        request.upload_handlers = [BoundedMemoryUploadHandler(request, limit=docx_import.max_bytes())]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def confirming(self) -> bool:
        return self.request.method == "POST" and self.request.POST.get("step") == "confirm"

    def get_form(self):
        if self.confirming():
            return FrameworkImportForm(data=self.request.POST)
        return super().get_form()

    def get_template_names(self):
        return [self.preview_template_name if self.previewing or self.confirming() else self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            services.ensure_none_in_progress(self.mission)
        except ValidationError as error:
            context["in_progress"] = error.messages[0]
        return context

    def post(self, request, *args, **kwargs):
        if self.confirming():
            return super().post(request, *args, **kwargs)
        upload = self.get_form()
        if not upload.is_valid():
            return self.form_refused(upload)
        data = upload.cleaned_data
        preview = FrameworkImportForm.from_document(
            upload.document,
            label=data["label"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            source=data["file"].name,
        )
        preview.is_valid()  # what does not fit shows its error at once
        self.previewing = True
        return self.render_to_response(self.get_context_data(form=preview, document=upload.document))

    def perform(self, form):
        return services.framework_import(
            mission=self.mission, actor=self.request.user, illustrative=self.mission.illustrative, **form.import_data()
        )

    def get_success_message(self, saved) -> str:
        priorities = saved.priorities.count()
        return ngettext(
            "Version %(version)s is started from the Word document, with %(count)s priority.",
            "Version %(version)s is started from the Word document, with %(count)s priorities.",
            priorities,
        ) % {"version": saved.version, "count": priorities}

    def get_success_url(self, saved) -> str:
        return reverse("frameworks:framework-edit", args=[saved.pk])
