"""Licences, sources and the data set's name: one place, used by the data
package, the workbook, the feeds and the Data page."""

from __future__ import annotations

NAME = "ofsted-childrens-services-inspections"
TITLE = "Ofsted inspections of local authority children's services in England"


OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
PROJECT_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_TEXT = (
    "Ofsted's judgements, dates and report links are Crown copyright, published by Ofsted under the "
    f"{OGL['title']}. This project's compilation, identifiers, notes and derived fields are under "
    f"{PROJECT_LICENCE['title']} (CC BY 4.0)."
)
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

SOURCES = (
    {"title": "Ofsted: inspection reports for local authority children's services",
     "path": "https://reports.ofsted.gov.uk/"},
    {"title": "Data to Insight: ofsted-ilacs-scrape-tool (MIT), used for the first import",
     "path": "https://github.com/data-to-insight/ofsted-ilacs-scrape-tool"},
)
