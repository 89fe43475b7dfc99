"""The appraisal report names printed text that reads differently from the genuine
reference, with both readings, in Chinese and in English (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

import cv2
from test_report_appraisal import texts

from appraiser.domain.enums import Category
from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs, version_id
from appraiser.matching.engine import Matcher
from appraiser.reports.appraisal_data import gather
from appraiser.reports.appraisal_pdf import build_story
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.reference import library


def _compared_typo(station: Station, session: Session, tmp_path: Path) -> tuple[str, str]:
    """A case whose front photo shows a label with a misspelt brand word, compared by the
    engine and stored as the bench stores it; returns (uid, the misspelt brand)."""
    store = station.store
    library.import_pack(store, station.data, build_demo_pack(tmp_path / "pack", versions=3), "t")
    spec = demo_specs(3, 7)[2]
    fake = synthetic.counterfeit(spec, "typo", 3)
    photo = tmp_path / "front.png"
    cv2.imwrite(str(photo), synthetic.photograph(synthetic.render(fake), 3)[0])
    item = appraisals.register_item(
        store, session, brand=spec.brand, model=spec.model, category=spec.category
    )
    tz = station.settings.tz()
    uid = appraisals.start(
        store, session, station.settings.station_code, item, Category(spec.category), tz
    )
    sha = appraisals.attach_media(
        store, session, uid, photo, role="still", mime="image/png", view="front"
    )
    engine = Matcher(store, station.data).match(store.media.path(sha), top=3).as_dict()
    compare = {"reading": "deviates", "version_id": version_id(spec), "engine": engine}
    appraisals.save(store, session, uid, data={"compare": compare})
    return uid, fake.brand


def test_the_report_names_both_readings(
    station: Station, appraiser_session: Session, tmp_path: Path
) -> None:
    uid, misspelt = _compared_typo(station, appraiser_session, tmp_path)
    genuine = demo_specs(3, 7)[2].brand
    data = gather(station, uid)
    assert [r["text"] for r in data.reference.regions if "text" in r] == [
        {"photo": misspelt, "reference": genuine}
    ]
    english = texts(build_story(data, "en"))
    assert f"the photo reads “{misspelt}”, the genuine reference “{genuine}”" in english
    chinese = texts(build_story(data, "zh_CN"))
    assert f"照片识读为“{misspelt}”，正品为“{genuine}”" in chinese
