"""Working groups' private collections move under one "Closed-door material" collection.

Document privacy becomes structural (``access.py``): everything below that collection is
closed, including the collection of a working group that was deleted since.

How the move is done: historical models (``apps.get_model``) are plain Django models
without django-treebeard's methods (``add_child``, ``move``). Moving a node of a
materialised-path tree rewrites the path and depth of its whole subtree and the
``numchild`` of both parents, and, since collections keep their children sorted by name
(``node_order_by``), the paths of the siblings that follow it. Rather than re-implement
treebeard here, the tree is changed through Wagtail's real ``Collection`` model: its
table (id, path, depth, numchild, name) is the one the migration graph has built at this
point (this migration runs after wagtailcore 0098), and nothing but the tree is written
through it. The links themselves are read and written through the historical models.
"""

from django.db import migrations

PARENT_NAME = "Closed-door material"


def move_private_collections(apps, schema_editor):
    # The real model, for treebeard's tree operations: see the module docstring.
    from wagtail.models import Collection

    WorkingGroupCollection = apps.get_model("seminar_pages", "WorkingGroupCollection")
    ClosedDoorCollection = apps.get_model("seminar_pages", "ClosedDoorCollection")

    collection_ids = list(
        WorkingGroupCollection.objects.order_by("pk").values_list("collection_id", flat=True)
    )
    if not collection_ids:
        return
    marker = ClosedDoorCollection.objects.order_by("pk").first()
    if marker is None:
        parent = Collection.get_first_root_node().add_child(name=PARENT_NAME)
        ClosedDoorCollection.objects.create(collection_id=parent.pk)
    else:
        parent = Collection.objects.get(pk=marker.collection_id)
    for pk in collection_ids:
        # Fetched again for each move: a sorted move may rewrite the paths of any sibling.
        parent = Collection.objects.get(pk=parent.pk)
        collection = Collection.objects.get(pk=pk)
        if collection.path.startswith(parent.path) or parent.path.startswith(collection.path):
            continue
        collection.move(parent, "sorted-child")


class Migration(migrations.Migration):
    dependencies = [
        ("seminar_pages", "0008_private_collections_outlive_their_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        # Backwards, the collections simply stay where they are (still private).
        migrations.RunPython(move_private_collections, migrations.RunPython.noop),
    ]
