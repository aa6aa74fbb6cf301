"""Who may import registers: street and community staff (each into their own scope) and the
administrator; an inspector reads, never imports. An import is seen by whoever made it, their
street's staff and the administrator."""

from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.imports import services
from oversight.imports.models import RegisterImport
from tests.matrix import POST_ONLY, Page, Write, expect

IMPORTERS = expect(
    everyone=403, anonymous=302, street_staff=200, community_staff=200,
    other_community_staff=200, admin=200,
)  # fmt: skip
# An import of the street's staff: community staff do not find it.
AN_IMPORT = IMPORTERS | {"community_staff": 404, "other_community_staff": 404}
CSV = "小区名称,楼号,层数,户数,建筑面积\r\n甲一1号院,1号楼,6,40,3000\r\n".encode("gb18030")


def _an_import(w) -> dict:
    found = RegisterImport.objects.filter(created_by=w.users["street_staff"]).first()
    if found is None:
        found = services.import_upload(
            user=w.users["street_staff"], upload=SimpleUploadedFile("楼栋.csv", CSV)
        )
    return {"pk": found.pk}


def _upload(w):
    return {"file": SimpleUploadedFile("楼栋.csv", CSV), "kind": ""}


MATRIX = {
    "oversight:import_start": Page(
        get=IMPORTERS,
        write=Write(
            "post",
            _upload,
            IMPORTERS
            | {
                "street_staff": 302,
                "community_staff": 302,
                "other_community_staff": 302,
                "admin": 302,
            },
        ),
    ),  # fmt: skip
    "oversight:import_detail": Page(get=AN_IMPORT, url_kwargs=_an_import),
    "oversight:import_progress": Page(get=AN_IMPORT, url_kwargs=_an_import),
    "oversight:import_file": Page(get=AN_IMPORT, url_kwargs=_an_import),
    "oversight:import_confirm": Page(
        get=POST_ONLY,
        url_kwargs=_an_import,
        # only whoever checked the preview confirms it
        write=Write("post", lambda w: {}, AN_IMPORT | {"street_staff": 302, "admin": 403}),
    ),  # fmt: skip
    "oversight:import_template": Page(get=IMPORTERS, url_kwargs=lambda w: {"kind": "buildings"}),
}
