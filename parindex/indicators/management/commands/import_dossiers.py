from parindex.indicators.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import one-stop dossiers (canonical columns dossier_id,unit,procedure,received_at,due_at,returned_at,"
        "submission,return_by,recorded,apology, or an export a shipped column mapping knows). All rows or none: "
        "every bad row is reported with its line. Re-imported dossier ids replace the stored ones."
    )
    kind = "dossiers"
