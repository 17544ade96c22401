from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("pool", "VotingRules").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("pool", "0029_voting_rounds_and_ballots")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
