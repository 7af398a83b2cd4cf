"""Every output of the site, one generator per page family or download.

`pages.PAGES` lists the page generators and `downloads.DOWNLOADS` the
download generators (`generator.Page` and `generator.Download`). A build
(`build.Build`) is made once; each generator reads it and returns
{path: content}. Adding a download is one module here and one line in
`downloads.py`; the Data page lists it from there.
"""
