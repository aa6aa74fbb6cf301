"""The one edit view every HTML write goes through, the page's twin of common.api.ServiceViewSet.

A page declares what it needs; the view does the rest, the same for every page:

    GET            the form (with the object's values when it edits one)
    valid POST     cleaned_data -> the service (keyword-only, ``user=``)
    refused        the service's ValidationError onto the form's fields (or above it), and
                   the form shown again with every reason
    done           a message, and a redirect to the object (or ``get_success_url``)

    class BuildingUpdate(EditView):
        permission = "compounds.view_building"          # to reach the page at all
        form_class = BuildingForm
        service = services.building_update               # building=..., user=..., **data
        instance_name = "building"
        object_permission = "compounds.change_building"  # on the object, with its message

        def get_object(self):
            return get_object_or_404(selectors.building_list(user=self.request.user),
                                     pk=self.kwargs["pk"])

Pages render ``generic/object_edit.html`` unless they name a template of their own that
extends it; ``title``, ``breadcrumbs`` and ``cancel_url`` fill it in.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from .forms import add_service_errors, form_notices


class EditView(View):
    """Show a form, hand its data to a service, put the service's refusal onto the form."""

    permission: str = ""  # the model permission needed to reach the page
    object_permission: str = ""  # the permission needed on the object (or parent) itself
    object_permission_message = _("Your role may not change this record.")  # its 403's reason
    form_class = None
    template_name = "generic/object_edit.html"
    service = None  # a function of (*, user, **data) -> the saved object
    instance_name: str | None = None  # the keyword under which the service takes the object
    success_message = _("Changes saved.")

    def dispatch(self, request, *args, **kwargs):
        if self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = self.get_object()
        self.check_object_permission()
        return super().dispatch(request, *args, **kwargs)

    # --- What a page declares or overrides ----------------------------------------------------

    def get_object(self):
        """The object the page edits (None when it creates one), read through a selector."""
        return None

    def permission_target(self):
        """What ``object_permission`` is checked on: the object, or the parent it is added to."""
        return self.object

    def check_object_permission(self):
        target = self.permission_target()
        if (
            self.object_permission
            and target is not None
            and not self.request.user.has_perm(self.object_permission, target)
        ):
            raise PermissionDenied(self.object_permission_message)

    def get_form_kwargs(self) -> dict:
        kwargs = {}
        if self.object is not None and self.instance_name:
            kwargs["instance"] = self.object
        return kwargs

    def service_kwargs(self) -> dict:
        """The fixed arguments of the service besides the form's data (a parent, the object)."""
        if self.object is not None and self.instance_name:
            return {self.instance_name: self.object}
        return {}

    def service_arguments(self, form) -> dict:
        """The form's data as the service takes it."""
        return dict(form.cleaned_data)

    def save(self, form):
        service = type(self).service
        return service(
            user=self.request.user, **self.service_kwargs(), **self.service_arguments(form)
        )

    def get_success_message(self, obj) -> str:
        return self.success_message

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def after_save(self, obj) -> None:
        """Anything more the page says once the write is done (a warning, say)."""

    def get_context_data(self, **context) -> dict:
        return context

    # --- The one flow -------------------------------------------------------------------------

    def get_form(self):
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, **self.get_form_kwargs())

    def render_form(self, form, status=200):
        context = self.get_context_data(form=form, object=self.object)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                obj = self.save(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.get_success_message(obj))
                for notice in form_notices(form):
                    messages.warning(request, notice)
                self.after_save(obj)
                return redirect(self.get_success_url(obj))
        return self.render_form(form)
