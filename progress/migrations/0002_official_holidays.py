from django.db import migrations


def load(apps, schema_editor):
    from progress.holidays import NOTICES, calendar_days

    CalendarDay = apps.get_model("progress", "CalendarDay")
    for year in NOTICES:
        for day, kind, name in calendar_days(year):
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name})


def unload(apps, schema_editor):
    from progress.holidays import NOTICES, calendar_days

    CalendarDay = apps.get_model("progress", "CalendarDay")
    days = [day for year in NOTICES for day, _kind, _name in calendar_days(year)]
    CalendarDay.objects.filter(date__in=days).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
