"""Data of the demo community around Medora, a fictional French health-software company.

Everything here is fictional: people, organisations and e-mail domains (``.example`` is reserved
for documentation, so no demo address can ever reach a real inbox).
"""

from __future__ import annotations

from typing import NamedTuple

from ruche.accounts.roles import Role

DEMO_PASSWORD = "ruche-demo"
COMPANY_DOMAIN = "medora.example"
# Large (benchmark) members get their own domain so they can be counted and removed apart.
BENCH_DOMAIN = "bench.medora.example"
DEFAULT_MEMBERS = 300


class DemoLogin(NamedTuple):
    email: str
    role: str
    password: str
    note: str


# The accounts to try the product with; printed at the end of ``seed-demo`` (and ``make demo``).
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(f"admin@{COMPANY_DOMAIN}", Role.ADMINISTRATOR, DEMO_PASSWORD, "superuser"),
    DemoLogin(f"community@{COMPANY_DOMAIN}", Role.COMMUNITY_MANAGER, DEMO_PASSWORD, ""),
    DemoLogin(
        f"pm@{COMPANY_DOMAIN}", Role.PRODUCT_MANAGER, DEMO_PASSWORD, "agenda, teleconsultation"
    ),
    DemoLogin(f"support@{COMPANY_DOMAIN}", Role.SUPPORT_AGENT, DEMO_PASSWORD, ""),
    DemoLogin(f"moderator@{COMPANY_DOMAIN}", Role.MODERATOR, DEMO_PASSWORD, ""),
    DemoLogin(f"ambassador@{COMPANY_DOMAIN}", Role.AMBASSADOR, DEMO_PASSWORD, "ambassadors, beta"),
    DemoLogin(f"expert@{COMPANY_DOMAIN}", Role.EXPERT, DEMO_PASSWORD, "writes articles"),
    DemoLogin(f"member@{COMPANY_DOMAIN}", Role.MEMBER, DEMO_PASSWORD, "French GP"),
)

# --- Reference data ---------------------------------------------------------------------------

# (slug, English, French, weight among members)
SEGMENTS: tuple[tuple[str, str, str, int], ...] = (
    ("general-practitioner", "General practitioner", "Médecin généraliste", 24),
    ("specialist-doctor", "Specialist doctor", "Médecin spécialiste", 14),
    ("nurse", "Nurse", "Infirmier·e", 14),
    ("dentist", "Dentist", "Chirurgien-dentiste", 7),
    ("physiotherapist", "Physiotherapist", "Kinésithérapeute", 9),
    ("midwife", "Midwife", "Sage-femme", 4),
    ("medical-secretary", "Medical secretary", "Secrétaire médical·e", 12),
    ("clinic-manager", "Clinic manager", "Gestionnaire de clinique", 5),
    ("speech-therapist", "Speech therapist", "Orthophoniste", 4),
    ("pharmacist", "Pharmacist", "Pharmacien·ne", 7),
)

PRODUCT_AREAS: tuple[dict, ...] = (
    {
        "slug": "agenda",
        "names": {"en": "Appointment agenda", "fr": "Agenda"},
        "descriptions": {
            "en": "Online booking, shared calendars, reminders by text message.",
            "fr": "Prise de rendez-vous en ligne, agendas partagés, rappels par SMS.",
        },
    },
    {
        "slug": "teleconsultation",
        "names": {"en": "Teleconsultation", "fr": "Téléconsultation"},
        "descriptions": {
            "en": "Secure video consultations, waiting room and e-prescriptions.",
            "fr": "Vidéo-consultations sécurisées, salle d'attente et e-prescriptions.",
        },
    },
    {
        "slug": "billing",
        "names": {"en": "Billing", "fr": "Facturation"},
        "descriptions": {
            "en": "Invoices, health-insurance claims and payment tracking.",
            "fr": "Factures, télétransmission à l'Assurance maladie et suivi des paiements.",
        },
    },
    {
        "slug": "patient-record",
        "names": {"en": "Patient record", "fr": "Dossier patient"},
        "descriptions": {
            "en": "Medical history, documents, prescriptions and care pathways.",
            "fr": "Antécédents, documents, ordonnances et parcours de soins.",
        },
    },
    {
        "slug": "messaging",
        "names": {"en": "Secure messaging", "fr": "Messagerie sécurisée"},
        "descriptions": {
            "en": "Messages between professionals and with patients, end-to-end encrypted.",
            "fr": "Échanges entre professionnels et avec les patients, chiffrés de bout en bout.",
        },
    },
)

# ``months_ago``: when the programme started, relative to today.
PROGRAMMES: tuple[dict, ...] = (
    {
        "slug": "ambassadors",
        "names": {"en": "Ambassadors", "fr": "Ambassadeurs · Pionniers"},
        "descriptions": {
            "en": "Members who help others, speak at our events and shape the roadmap.",
            "fr": "Les membres qui aident les autres, témoignent à nos événements "
            "et orientent la feuille de route.",
        },
        "months_ago": 20,
    },
    {
        "slug": "beta-teleconsultation",
        "names": {"en": "Beta — new teleconsultation", "fr": "Bêta — nouvelle téléconsultation"},
        "descriptions": {
            "en": "Try the new teleconsultation room before everyone else and tell us what to fix.",
            "fr": "Testez la nouvelle salle de téléconsultation avant tout le monde "
            "et dites-nous quoi corriger.",
        },
        "months_ago": 4,
    },
    {
        "slug": "focus-group-billing",
        "names": {"en": "Billing focus group", "fr": "Groupe de travail facturation"},
        "descriptions": {
            "en": "Monthly sessions with the billing team on claims, rejections and reporting.",
            "fr": "Des séances mensuelles avec l'équipe facturation : télétransmission, "
            "rejets et tableaux de bord.",
        },
        "months_ago": 2,
    },
)

SPACES: tuple[dict, ...] = (
    {
        "slug": "announcements",
        "names": {"en": "Announcements", "fr": "Annonces"},
        "descriptions": {
            "en": "Release notes, planned maintenance and news from the Medora team.",
            "fr": "Nouveautés, maintenances prévues et actualités de l'équipe Medora.",
        },
        "visibility": "public",
        "posting": "staff",
    },
    {
        "slug": "questions-answers",
        "names": {"en": "Questions & answers", "fr": "Questions & réponses"},
        "descriptions": {
            "en": "Ask how to do something in Medora; members and staff answer.",
            "fr": "Demandez comment faire dans Medora ; membres et équipe vous répondent.",
        },
        "visibility": "public",
    },
    {
        "slug": "resource-centre",
        "names": {"en": "Resource centre", "fr": "Centre de ressources"},
        "descriptions": {
            "en": "Guides, video tutorials and templates to get the most out of Medora.",
            "fr": "Guides, tutoriels vidéo et modèles pour tirer le meilleur de Medora.",
        },
        "visibility": "public",
        "posting": "staff",
        "product_area": "patient-record",
    },
    {
        "slug": "share-your-practice",
        "names": {"en": "Share your practice", "fr": "Partagez votre pratique"},
        "descriptions": {
            "en": "Testimonials: how your practice works with Medora day to day.",
            "fr": "Témoignages : comment votre cabinet travaille avec Medora au quotidien.",
        },
        "visibility": "members",
    },
    {
        "slug": "replacements-holidays",
        "names": {"en": "Replacement doctors & holidays", "fr": "Remplacements & congés"},
        "descriptions": {
            "en": "Find a locum, hand over your agenda and organise your time off.",
            "fr": "Trouvez un·e remplaçant·e, confiez votre agenda et organisez vos congés.",
        },
        "visibility": "members",
        "product_area": "agenda",
    },
    {
        "slug": "ambassadors-lounge",
        "names": {"en": "Ambassadors' lounge", "fr": "Salon des ambassadeurs"},
        "descriptions": {
            "en": "Behind the scenes with the product team, for ambassadors only.",
            "fr": "Les coulisses avec l'équipe produit, réservé aux ambassadeurs.",
        },
        "visibility": "programme",
        "programme": "ambassadors",
    },
    {
        "slug": "beta-teleconsultation",
        "names": {"en": "Beta — new teleconsultation", "fr": "Bêta — nouvelle téléconsultation"},
        "descriptions": {
            "en": "Feedback, bugs and ideas on the new teleconsultation room.",
            "fr": "Retours, bugs et idées sur la nouvelle salle de téléconsultation.",
        },
        "visibility": "programme",
        "programme": "beta-teleconsultation",
        "product_area": "teleconsultation",
    },
    {
        "slug": "billing-focus-group",
        "names": {"en": "Billing focus group", "fr": "Groupe de travail facturation"},
        "descriptions": {
            "en": "Working notes and session summaries of the billing focus group.",
            "fr": "Notes de travail et comptes rendus du groupe facturation.",
        },
        "visibility": "programme",
        "programme": "focus-group-billing",
        "product_area": "billing",
    },
    {
        "slug": "staff-room",
        "names": {"en": "Staff room", "fr": "Salle des équipes"},
        "descriptions": {
            "en": "Internal coordination of the community team.",
            "fr": "Coordination interne de l'équipe communauté.",
        },
        "visibility": "staff",
    },
    {
        "slug": "support-escalations",
        "names": {"en": "Support escalations", "fr": "Escalades support"},
        "descriptions": {
            "en": "Questions from the community that need the support or product team.",
            "fr": "Questions de la communauté qui demandent le support ou l'équipe produit.",
        },
        "visibility": "staff",
        "product_area": "messaging",
    },
)

# --- Staff ------------------------------------------------------------------------------------

# The fixed logins first, then the rest of the team. ``areas``: product areas they manage.
STAFF: tuple[dict, ...] = (
    {
        "email": f"admin@{COMPANY_DOMAIN}",
        "display_name": "Hélène Marchand",
        "role": Role.ADMINISTRATOR,
        "country": "FR",
        "language": "fr",
    },
    {
        "email": f"community@{COMPANY_DOMAIN}",
        "display_name": "Camille Laurent",
        "role": Role.COMMUNITY_MANAGER,
        "country": "FR",
        "language": "fr",
    },
    {
        "email": f"pm@{COMPANY_DOMAIN}",
        "display_name": "Thomas Girard",
        "role": Role.PRODUCT_MANAGER,
        "country": "FR",
        "language": "fr",
        "areas": ("agenda", "teleconsultation"),
    },
    {
        "email": f"support@{COMPANY_DOMAIN}",
        "display_name": "Sarah Benali",
        "role": Role.SUPPORT_AGENT,
        "country": "FR",
        "language": "fr",
    },
    {
        "email": f"moderator@{COMPANY_DOMAIN}",
        "display_name": "Julien Fabre",
        "role": Role.MODERATOR,
        "country": "FR",
        "language": "fr",
    },
    {
        "email": f"nadia.haddad@{COMPANY_DOMAIN}",
        "display_name": "Nadia Haddad",
        "role": Role.PRODUCT_MANAGER,
        "country": "FR",
        "language": "fr",
        "areas": ("billing", "patient-record"),
    },
    {
        "email": f"lukas.becker@{COMPANY_DOMAIN}",
        "display_name": "Lukas Becker",
        "role": Role.PRODUCT_MANAGER,
        "country": "DE",
        "language": "de",
        "areas": ("messaging",),
    },
    {
        "email": f"anna.schmidt@{COMPANY_DOMAIN}",
        "display_name": "Anna Schmidt",
        "role": Role.COMMUNITY_MANAGER,
        "country": "DE",
        "language": "de",
    },
    {
        "email": f"giulia.conti@{COMPANY_DOMAIN}",
        "display_name": "Giulia Conti",
        "role": Role.SUPPORT_AGENT,
        "country": "IT",
        "language": "it",
    },
    {
        "email": f"jonas.weber@{COMPANY_DOMAIN}",
        "display_name": "Jonas Weber",
        "role": Role.SUPPORT_AGENT,
        "country": "DE",
        "language": "de",
    },
)

# Customers with a fixed login: an ambassador and a plain member.
DEMO_CUSTOMERS: tuple[dict, ...] = (
    {
        "email": f"ambassador@{COMPANY_DOMAIN}",
        "display_name": "Élodie Rousseau",
        "role": Role.AMBASSADOR,
        "segment": "nurse",
        "organisation": "Cabinet infirmier des Lilas",
        "country": "FR",
        "language": "fr",
        "bio": "Infirmière libérale à Lyon depuis 12 ans. Je teste les nouveautés de Medora "
        "avant tout le monde et j'aide volontiers les nouveaux venus.",
        "profile_visibility": "public",
        "programmes": ("ambassadors", "beta-teleconsultation"),
    },
    {
        "email": f"expert@{COMPANY_DOMAIN}",
        "display_name": "Dr Giulia Romano",
        "role": Role.EXPERT,
        "segment": "specialist-doctor",
        "organisation": "Poliambulatorio San Marco",
        "country": "IT",
        "language": "it",
        "bio": "Cardiologa a Milano. Scrivo guide pratiche sulla teleconsultazione.",
        "profile_visibility": "public",
        "programmes": (),
    },
    {
        "email": f"member@{COMPANY_DOMAIN}",
        "display_name": "Marc Lefèvre",
        "role": Role.MEMBER,
        "segment": "general-practitioner",
        "organisation": "Cabinet médical des Tilleuls",
        "country": "FR",
        "language": "fr",
        "bio": "Médecin généraliste à Nantes. Agenda en ligne et téléconsultation au quotidien.",
        "profile_visibility": "members",
        "programmes": (),
    },
)

# --- Members ----------------------------------------------------------------------------------

# (country code, weight): about 60 % France, 20 % Germany, 20 % Italy.
COUNTRY_WEIGHTS: tuple[tuple[str, int], ...] = (("FR", 60), ("DE", 20), ("IT", 20))
# Share of members who write in English whatever their country.
ENGLISH_SHARE = 0.04

# (visibility, weight)
PROFILE_VISIBILITY_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("members", 72),
    ("public", 23),
    ("private", 5),
)

# Which kind of organisation a member of each segment works in.
SEGMENT_ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    "general-practitioner": ("practice",),
    "specialist-doctor": ("specialist",),
    "nurse": ("nursing",),
    "dentist": ("dental",),
    "physiotherapist": ("physio",),
    "midwife": ("midwife",),
    "medical-secretary": ("practice", "specialist", "clinic"),
    "clinic-manager": ("clinic",),
    "speech-therapist": ("speech",),
    "pharmacist": ("pharmacy",),
}

# Long lists of names read better packed than one per line.
# fmt: off
COUNTRIES: dict[str, dict] = {
    "FR": {
        "language": "fr",
        "domains": ("courriel-sante.example", "medimail.example", "cabinet-pro.example"),
        "female": (
            "Camille", "Marie", "Julie", "Sophie", "Claire", "Émilie", "Laure", "Anne",
            "Céline", "Nathalie", "Isabelle", "Pauline", "Manon", "Chloé", "Aurélie",
            "Hélène", "Sandrine", "Élise", "Mathilde", "Agathe", "Inès", "Léa", "Margaux",
            "Valérie", "Charlotte",
        ),
        "male": (
            "Nicolas", "Julien", "Thomas", "Pierre", "Antoine", "François", "Mathieu",
            "Olivier", "Guillaume", "Sébastien", "Laurent", "Vincent", "Alexandre", "Hugo",
            "Louis", "Benoît", "Jérôme", "Maxime", "Romain", "Stéphane", "Yann", "Cédric",
            "Arnaud", "Bruno", "Éric",
        ),
        "last": (
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
            "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
            "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
            "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas",
            "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
            "Chevalier", "Robin", "Masson", "Le Gall", "Kerbrat", "N'Diaye", "Benali",
        ),
        "cities": (
            "Lyon", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Lille", "Montpellier",
            "Strasbourg", "Dijon", "Grenoble", "Tours", "Brest", "Reims", "Nancy", "Rouen",
            "Paris", "Marseille", "Nice", "Limoges", "Poitiers",
        ),
        # Place names carry their article so every template reads as proper French.
        "places": (
            "des Tilleuls", "du Parc", "de la Gare", "des Lilas", "du Centre", "des Remparts",
            "du Vieux Port", "de la Cathédrale", "des Acacias", "du Lac", "Pasteur",
            "Saint-Exupéry", "Bellevue", "des Capucins", "des Marronniers", "du Théâtre",
        ),
        "organisations": {
            "practice": (
                "Cabinet médical {place}",
                "Maison de santé pluriprofessionnelle de {city}",
                "Cabinet du Dr {last}",
                "Centre médical {place}",
                "Maison médicale {place}",
            ),
            "specialist": (
                "Cabinet de cardiologie {place}",
                "Cabinet de dermatologie du Dr {last}",
                "Clinique {place}",
                "Centre d'ophtalmologie de {city}",
                "Cabinet de pédiatrie {place}",
                "Centre de radiologie {place}",
            ),
            "nursing": (
                "Cabinet infirmier {place}",
                "Centre de soins infirmiers de {city}",
                "Cabinet infirmier {last} & associés",
            ),
            "dental": (
                "Cabinet dentaire {place}",
                "Centre dentaire de {city}",
                "Cabinet du Dr {last}, chirurgien-dentiste",
            ),
            "physio": (
                "Cabinet de kinésithérapie {place}",
                "Kiné {place}",
                "Centre de rééducation de {city}",
            ),
            "midwife": ("Cabinet de sages-femmes {place}", "Maison de naissance de {city}"),
            "clinic": (
                "Clinique {place}",
                "Polyclinique de {city}",
                "Centre de santé {place}",
                "Clinique du Parc",
            ),
            "speech": ("Cabinet d'orthophonie {place}", "Orthophonie {last}"),
            "pharmacy": (
                "Pharmacie {place}",
                "Grande Pharmacie de {city}",
                "Pharmacie {last}",
            ),
        },
        "bios": (
            "J'exerce à {city} depuis {years} ans. L'organisation du cabinet et le suivi des "
            "patients me passionnent.",
            "Installé·e à {city}, je m'intéresse à la coordination des soins et à la e-santé.",
            "Toujours partant·e pour tester les nouveautés de Medora et donner mon avis.",
            "Nous travaillons en équipe pluriprofessionnelle à {city} ; la messagerie sécurisée "
            "a changé notre quotidien.",
            "Utilisateur·rice de Medora, je partage volontiers mes astuces sur l'agenda et la "
            "télétransmission.",
            "La téléconsultation m'aide à suivre mes patients des communes rurales autour de "
            "{city}.",
        ),
    },
    "DE": {
        "language": "de",
        "domains": ("praxismail.example", "gesundpost.example"),
        "female": (
            "Anna", "Julia", "Katharina", "Laura", "Lena", "Sarah", "Lisa", "Sabine",
            "Claudia", "Miriam", "Johanna", "Franziska", "Stefanie", "Sophie", "Hannah",
            "Carina", "Jana", "Nina",
        ),
        "male": (
            "Lukas", "Jonas", "Felix", "Maximilian", "Tobias", "Stefan", "Andreas", "Florian",
            "Markus", "Jan", "Michael", "Christian", "Sebastian", "Matthias", "Tim", "Jörg",
            "Daniel", "Philipp",
        ),
        "last": (
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
            "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Yilmaz",
        ),
        "cities": (
            "Köln", "Hamburg", "München", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig",
            "Hannover", "Nürnberg", "Bonn", "Freiburg", "Mainz", "Berlin", "Dresden",
        ),
        "places": (
            "am Stadtpark", "am Marktplatz", "an der Linde", "am Rathaus", "am Schlossgarten",
            "im Zentrum", "am Hauptbahnhof", "am Rosengarten", "Rheinblick", "an der Oper",
        ),
        "organisations": {
            "practice": (
                "Praxis {place}",
                "Hausarztpraxis Dr. {last}",
                "Gemeinschaftspraxis {place}",
                "Allgemeinmedizin {city}-Mitte",
            ),
            "specialist": (
                "MVZ Rheinblick",
                "Kardiologie {place}",
                "Hautarztpraxis Dr. {last}",
                "Augenzentrum {city}",
                "MVZ {city} Süd",
            ),
            "nursing": (
                "Pflegedienst {place}",
                "Ambulanter Pflegedienst {last}",
                "Häusliche Krankenpflege {city}",
            ),
            "dental": ("Zahnarztpraxis Dr. {last}", "Zahnärzte {place}", "Zahnzentrum {city}"),
            "physio": (
                "Physiotherapie {place}",
                "Praxis für Physiotherapie {last}",
                "Reha-Zentrum {city}",
            ),
            "midwife": ("Hebammenpraxis {place}", "Geburtshaus {city}"),
            "clinic": ("Klinik {place}", "MVZ Rheinblick", "Ärztehaus {place}", "Privatklinik {last}"),
            "speech": ("Logopädie {place}", "Praxis für Logopädie {last}"),
            "pharmacy": (
                "Linden-Apotheke",
                "Stadtpark-Apotheke",
                "Rathaus-Apotheke {city}",
                "Löwen-Apotheke",
                "Adler-Apotheke am Markt",
                "Sonnen-Apotheke {city}",
            ),
        },
        "bios": (
            "Seit {years} Jahren in {city} tätig. Ich nutze Medora vor allem für Terminplanung "
            "und Abrechnung.",
            "Digitale Praxisorganisation ist mein Thema, neue Funktionen teste ich gern.",
            "Unser Team in {city} arbeitet mit der Videosprechstunde; Fragen dazu beantworte ich "
            "gern.",
            "Praxis mit drei Kolleginnen in {city}. Die sichere Nachrichtenfunktion spart uns "
            "viele Telefonate.",
        ),
    },
    "IT": {
        "language": "it",
        "domains": ("postamedica.example", "studiomail.example"),
        "female": (
            "Giulia", "Francesca", "Chiara", "Sara", "Valentina", "Martina", "Elena",
            "Alessandra", "Federica", "Silvia", "Paola", "Laura", "Roberta", "Ilaria",
            "Beatrice", "Serena",
        ),
        "male": (
            "Marco", "Luca", "Giuseppe", "Alessandro", "Andrea", "Matteo", "Francesco",
            "Davide", "Stefano", "Lorenzo", "Simone", "Riccardo", "Paolo", "Giovanni",
            "Fabio", "Nicola",
        ),
        "last": (
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
            "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
            "Mariani", "Rinaldi", "Caruso", "D'Angelo", "Ferrara",
        ),
        "cities": (
            "Milano", "Torino", "Bologna", "Firenze", "Roma", "Napoli", "Verona", "Padova",
            "Genova", "Bari", "Parma", "Trento",
        ),
        "places": (
            "Bellavista", "San Marco", "del Duomo", "Santa Chiara", "dei Tigli", "del Parco",
            "Aurora", "San Giorgio", "Villa Fiorita", "della Stazione",
        ),
        "organisations": {
            "practice": (
                "Studio Medico {place}",
                "Studio del Dott. {last}",
                "Medicina di gruppo {city}",
                "Poliambulatorio {place}",
            ),
            "specialist": (
                "Poliambulatorio San Marco",
                "Centro Cardiologico {place}",
                "Studio Dermatologico Dott. {last}",
                "Centro Diagnostico {city}",
            ),
            "nursing": (
                "Studio Infermieristico {place}",
                "Servizio Infermieristico {city}",
                "Assistenza Domiciliare {place}",
            ),
            "dental": (
                "Studio Dentistico {place}",
                "Studio Odontoiatrico Dott. {last}",
                "Centro Dentale {city}",
            ),
            "physio": (
                "Fisioterapia {place}",
                "Centro di Riabilitazione {city}",
                "Studio di Fisioterapia {last}",
            ),
            "midwife": ("Studio Ostetrico {place}", "Ostetriche {city}"),
            "clinic": ("Clinica {place}", "Casa di Cura {place}", "Poliambulatorio {place}"),
            "speech": ("Studio di Logopedia {place}", "Logopedia {last}"),
            "pharmacy": ("Farmacia {place}", "Farmacia Comunale {city}", "Farmacia {last}"),
        },
        "bios": (
            "Lavoro a {city} da {years} anni. Uso Medora soprattutto per l'agenda e la "
            "fatturazione.",
            "Mi interessa la sanità digitale e provo volentieri le nuove funzioni.",
            "Nel nostro studio di {city} usiamo la televisita ogni settimana: chiedetemi pure!",
            "Studio associato a {city}; la messaggistica sicura ci semplifica la vita.",
        ),
    },
}
# fmt: on

# Bios of members who write in English, whatever their country.
ENGLISH_BIOS: tuple[str, ...] = (
    "Working in {city} for {years} years. Happy to share tips on the Medora agenda and billing.",
    "Interested in digital health and care coordination; always keen to try new features.",
    "Our team in {city} runs teleconsultations every week. Ask me anything about it!",
)

# --- Activity ---------------------------------------------------------------------------------

# (verb, source, base weight): what members do, outside Ruche or in it.
ACTIVITY_MIX: tuple[tuple[str, str, int], ...] = (
    ("member.logged_in", "ruche", 30),
    ("newsletter.opened", "newsletter", 22),
    ("newsletter.clicked", "newsletter", 7),
    ("chat.message_posted", "chat", 14),
    ("external.post_created", "forum", 8),
    ("event.attended", "events", 4),
    ("survey.answered", "webhook", 3),
    ("member.profile_updated", "ruche", 2),
)

NEWSLETTER_LINKS: tuple[str, ...] = (
    "https://medora.example/blog/agenda-sms-reminders",
    "https://medora.example/blog/teleconsultation-waiting-room",
    "https://medora.example/blog/billing-rejections",
    "https://medora.example/help/patient-record-import",
    "https://medora.example/events/user-day",
)
CHAT_CHANNELS: tuple[str, ...] = (
    "#general",
    "#agenda-astuces",
    "#teleconsultation",
    "#facturation",
    "#dossier-patient",
    "#praxen-dach",
    "#studi-italia",
)
EVENTS: tuple[str, ...] = (
    "Webinar: the new teleconsultation room",
    "Webinaire : réduire les rejets de télétransmission",
    "Medora User Day Lyon",
    "Rencontre utilisateurs Bordeaux",
    "Anwendertreffen Köln",
    "Webinar: Fatturazione elettronica e Sistema TS",
    "Office hours with the product team",
)
FORUMS: tuple[str, ...] = ("Forum des libéraux de santé", "Praxis-Forum", "Forum Medici di base")
FORUM_TOPICS: tuple[str, ...] = (
    "Logiciel de cabinet : retours d'expérience",
    "Téléconsultation et patients âgés",
    "Online-Terminbuchung: Erfahrungen?",
    "Agenda online per lo studio",
    "Remplacements d'été : comment s'organiser",
)
SURVEYS: tuple[str, ...] = ("nps-quarterly", "teleconsultation-beta-feedback", "billing-needs")
PROFILE_FIELDS: tuple[str, ...] = (
    "bio",
    "organisation",
    "display_name",
    "profile_visibility",
    "language",
)
