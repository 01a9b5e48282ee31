"""What a batch writes: documents staged and published whole (:mod:`.files`), the print file
(:mod:`.merge`), PDFs (:mod:`.pdf`), the inventory (:mod:`.manifest`), the zip (:mod:`.archive`)
and the output writers of plugins (:mod:`.writers`)."""
