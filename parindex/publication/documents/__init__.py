"""Administrative documents as Word files: the Nghị định 30/2020/NĐ-CP layout (:mod:`.nd30`), the publication
decision built on it (:mod:`.decision`) and their PDF through LibreOffice (:mod:`.pdf`)."""
