"""Publishing: the public graph as a static Linked Data site (``praxis publish DIR``).

=======================  ===========================================================
:mod:`.site`             publish: the dumps, the pages, the description, all or nothing
:mod:`.public`           the public graph read once as a visitor, sorted, canonical
:mod:`.describe`         what each page says (the explorer's record pages, as a visitor)
:mod:`.readahead`        the per-record reads of many pages asked once per batch
:mod:`.pages`            the HTML of a record's page and of the index
:mod:`.paths`            where a record's page lives; names that cannot escape the site
:mod:`.void`             void.ttl: VoID and DCAT, with each dump's size and SHA-256
=======================  ===========================================================
"""

from graph.publish.paths import page_path
from graph.publish.site import DEFAULT_TITLE, Published, publish

__all__ = ["DEFAULT_TITLE", "Published", "page_path", "publish"]
