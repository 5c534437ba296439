from coopdec.directory.selectors import french_order
from coopdec.directory.wording import campaigns_phrase, kind_label, official_codes


def test_kind_labels_name_the_epci_type():
    assert kind_label("commune") == "commune"
    assert kind_label("epci", "CC") == "EPCI à fiscalité propre (communauté de communes)"
    assert kind_label("epci", "") == "EPCI à fiscalité propre"
    assert kind_label("ept") == "établissement public territorial"


def test_official_codes_say_which_code_is_which():
    assert official_codes("commune", "81065", "218100659") == [("Code INSEE", "81065"), ("SIREN", "218100659")]
    assert official_codes("commune", "97501", "") == [("Code INSEE", "97501")]
    assert official_codes("epci", "243100633", "243100633") == [("SIREN", "243100633")]
    assert official_codes("region", "76", "") == [("Code INSEE", "76")]


def test_campaigns_phrase():
    assert campaigns_phrase((2025,)) == "campagne 2025"
    assert campaigns_phrase((2025, 2024)) == "campagnes 2025 et 2024"
    assert campaigns_phrase((2025, 2024, 2022)) == "campagnes 2025, 2024 et 2022"


def test_french_order_puts_accented_names_among_the_others():
    names = ["Suisse", "Équateur", "Sénégal", "Égypte", "Espagne", "Érythrée", "Émirats arabes unis"]
    assert sorted(names, key=french_order) == [
        "Égypte", "Émirats arabes unis", "Équateur", "Érythrée", "Espagne", "Sénégal", "Suisse",
    ]
