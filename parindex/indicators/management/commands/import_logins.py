from parindex.indicators.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import document-system logins (canonical columns user,unit,at, or an export a shipped column mapping "
        "knows). All rows or none. Re-imported logins replace the stored logins of the same unit on the same days."
    )
    kind = "logins"
