"""Every input path stores text without invisible characters (common.text): a page's form
(common.middleware.CleanInputMiddleware), the API (common.api.parsers) and a spreadsheet import
(oversight.imports.cells.clean_text). Each path gets a right-to-left override (U+202E), which
makes a reader see text reversed, and the Arabic letter mark (U+061C)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory

from compounds.models import Compound
from oversight.opinions.intake import register_intakes
from oversight.opinions.models import Opinion
from tests.oversight.imports.test_import import run, xlsx

pytestmark = pytest.mark.django_db

RLO = "\u202e"
ALM = "\u061c"


def new_opinion(world) -> Opinion:
    register_intakes()
    return Opinion.objects.exclude(pk=world.opinion_a1.pk).get()


def test_the_public_form_stores_its_text_without_invisible_characters(world):
    """Through the page, with the CSRF check on: the token still passes."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/opinions/new/", {"compound": world.a1.pk})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = client.post(
        "/opinions/new/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "compound": world.a1.pk,
            "topics": ["heating"],
            "text": f"暖气片{RLO}太旧{ALM}，不热。",
            "name": f"王{RLO}大爷",
            "unit": f"3{ALM}",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    opinion = new_opinion(world)
    assert (opinion.text, opinion.name, opinion.unit) == ("暖气片太旧，不热。", "王大爷", "3")


def test_the_public_api_stores_its_json_without_invisible_characters(client, world):
    response = client.post(
        "/api/v1/public/opinions/",
        {
            "compound": world.a1.pk,
            "topics": ["heating"],
            "text": f"希望{RLO}加装电梯{ALM}。",
            "name": f"赵{RLO}奶奶",
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    opinion = new_opinion(world)
    assert (opinion.text, opinion.name) == ("希望加装电梯。", "赵奶奶")


def test_the_api_cleans_a_form_encoded_body_too(client, world):
    response = client.post(
        "/api/v1/public/opinions/",
        {
            "compound": world.a1.pk,
            "topics": ["heating"],
            "text": f"希望{RLO}加装电梯。",
            "consent": "true",
        },
    )
    assert response.status_code == 201, response.json()
    assert new_opinion(world).text == "希望加装电梯。"


def test_an_import_stores_its_cells_without_invisible_characters(world):
    sheet = (
        "小区",
        [
            ["社区", "小区名称", "地址", "负责人", "负责人电话", "建成年份"],
            [
                "甲二社区",
                f"新{RLO}建{ALM}院",
                f"甲街道{ALM}1号",
                f"王{RLO}五",
                "13803710001",
                "1988",
            ],
        ],
    )
    item = run(world.users["street_staff"], xlsx(sheet))
    assert item.status == "imported", item.preview.get("errors")
    compound = Compound.objects.get(community=world.community_a2, name="新建院")
    assert (compound.address, compound.person_in_charge) == ("甲街道1号", "王五")


def test_the_middleware_cleans_names_values_and_file_names_and_keeps_the_files_whole():
    """Query and form values, field names and uploaded files' names; a password as typed."""
    from common.middleware import CleanInputMiddleware

    seen = {}

    def view(request):
        seen["get"] = request.GET.dict()
        seen["post"] = request.POST.dict()
        upload = request.FILES["photo"]
        seen["file"] = (upload.name, upload.read())
        return HttpResponse()

    photo = SimpleUploadedFile(f"照片{RLO}gpj.exe", b"\xff\xd8 the bytes as sent")
    request = RequestFactory().post(
        f"/opinions/new/?q=丰产{RLO}路",
        {f"te{RLO}xt": f"暖气{ALM}片", "password": f"pw{RLO}", "photo": photo},
    )
    CleanInputMiddleware(view)(request)
    assert seen == {
        "get": {"q": "丰产路"},
        "post": {"text": "暖气片", "password": f"pw{RLO}"},
        "file": ("照片gpj.exe", b"\xff\xd8 the bytes as sent"),
    }
