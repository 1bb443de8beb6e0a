"""Forum content of the Medora demo: threads members would really write about a health software.

Most threads are in French, some in German and Italian, a few in English. Topic texts are fixed;
who writes them, when, who answers and who likes comes from the seed's ``random.Random``.

A topic's ``plan`` tells the seed how the thread unfolds:
``answer``: "peer" or "staff" (the asker accepts that kind of reply), ``escalate``: "member" or
"moderator" (raised before staff reply), ``state``: the escalation's final state ("open",
"answered", "resolved"), ``replies``: an exact number of replies (0 = still unanswered, which
old questions get escalated automatically), ``recent``: posted in the last hours.
"""

from __future__ import annotations

# (slug, name): the demo's tags; topics use the slugs.
TAGS: tuple[tuple[str, str], ...] = (
    ("agenda", "agenda"),
    ("sms", "SMS"),
    ("tiers-payant", "tiers payant"),
    ("teleconsultation", "téléconsultation"),
    ("remplacement", "remplacement"),
    ("facturation", "facturation"),
    ("ordonnance", "ordonnance"),
    ("dmp", "DMP"),
    ("secretariat", "secrétariat"),
    ("import", "import"),
    ("messagerie", "messagerie"),
    ("prise-de-rdv", "prise de rendez-vous"),
)

# Which pool of replies fits a topic, from its first tag.
THEMES: dict[str, str] = {
    "agenda": "agenda",
    "prise-de-rdv": "agenda",
    "remplacement": "agenda",
    "sms": "sms",
    "teleconsultation": "teleconsultation",
    "tiers-payant": "billing",
    "facturation": "billing",
    "ordonnance": "prescription",
    "dmp": "prescription",
    "secretariat": "access",
    "import": "import",
    "messagerie": "messaging",
}

Q, T, D, A = "question", "testimonial", "discussion", "article"

# fmt: off
TOPICS: tuple[dict, ...] = (
    # --- Questions & answers (public), French -------------------------------------------------
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("agenda",),
     "title": "Déplacer un rendez-vous sans renvoyer de SMS au patient ?",
     "body": "Bonjour, quand je glisse un rendez-vous d'un créneau à l'autre dans l'agenda, le "
             "patient reçoit un SMS de modification. Parfois je décale juste de 10 minutes et "
             "je préférerais ne pas le prévenir. Est-ce qu'il y a une option pour ça ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("sms", "agenda"),
     "title": "Rappels SMS envoyés deux fois depuis la mise à jour",
     "body": "Depuis la dernière mise à jour, plusieurs patients me disent recevoir le rappel "
             "SMS en double la veille du rendez-vous. Nous avons deux postes au cabinet, les "
             "deux ouverts sur l'agenda. Quelqu'un a-t-il le même souci ?",
     "plan": {"answer": "staff", "escalate": "member", "state": "resolved"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Téléconsultation : le patient ne m'entend pas",
     "body": "Je vois bien le patient et je l'entends, mais lui ne m'entend pas du tout. Micro "
             "testé dans les réglages de Windows, il fonctionne. Navigateur Chrome à jour. "
             "Ça m'arrive une fois sur trois environ, c'est très gênant en consultation.",
     "plan": {"answer": "staff", "escalate": "member", "state": "resolved"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Caméra noire en téléconsultation sur Mac",
     "body": "Sur mon MacBook, la caméra reste noire dans la salle de téléconsultation alors "
             "qu'elle marche dans FaceTime. J'ai bien accepté l'autorisation dans Safari. "
             "Une idée avant que j'appelle le support ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("tiers-payant", "facturation"),
     "title": "Rejets tiers payant « droits non ouverts » alors que la carte Vitale est à jour",
     "body": "J'ai une dizaine de rejets ce mois-ci avec le motif droits non ouverts, pour des "
             "patients dont la carte Vitale a pourtant été lue au cabinet. Est-ce que Medora "
             "interroge ADRi automatiquement ou faut-il le lancer à la main ?",
     "plan": {"answer": "staff", "escalate": "moderator", "state": "resolved"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("facturation",),
     "title": "Comment refacturer une FSE rejetée ?",
     "body": "Une feuille de soins électronique est revenue en rejet (erreur sur le code "
             "acte). Je ne trouve pas comment la corriger et la renvoyer sans créer de doublon "
             "dans le suivi des paiements.",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("ordonnance",),
     "title": "Carte CPS non reconnue pour signer l'ordonnance numérique",
     "body": "Le lecteur est bien branché, la carte CPS est insérée, mais au moment de signer "
             "l'e-prescription Medora me dit « aucune carte détectée ». Le module de "
             "télétransmission la voit pourtant. Windows 11, lecteur bi-fente.",
     "plan": {"answer": "staff", "escalate": "member", "state": "answered"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("ordonnance",),
     "title": "E-prescription : le pharmacien ne trouve pas mon ordonnance",
     "body": "Un patient est allé à la pharmacie avec son ordonnance numérique, mais le "
             "pharmacien n'a pas réussi à la récupérer avec le QR code. Est-ce un problème "
             "connu ? L'ordonnance apparaît bien comme envoyée chez moi.",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("secretariat",),
     "title": "Donner accès à l'agenda à ma secrétaire sans les dossiers médicaux",
     "body": "Ma secrétaire doit pouvoir gérer l'agenda et la facturation, mais pas ouvrir le "
             "contenu des dossiers patients. Quels droits faut-il cocher exactement dans "
             "Paramètres > Utilisateurs ?",
     "plan": {"answer": "staff"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("secretariat", "agenda"),
     "title": "Télésecrétariat : partager l'agenda avec un service externe",
     "body": "Nous passons à un télésecrétariat à partir du mois prochain. Comment leur donner "
             "accès à nos agendas sans leur créer un compte praticien ? Ils doivent pouvoir "
             "poser et déplacer des rendez-vous, rien d'autre.",
     "plan": {"answer": "staff"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("import",),
     "title": "Import des dossiers patients depuis mon ancien logiciel",
     "body": "Je change de logiciel après quinze ans sur le même. J'ai un export en CSV et des "
             "PDF pour les courriers. Est-ce que Medora peut reprendre les antécédents et les "
             "traitements en cours, ou seulement l'identité des patients ?",
     "plan": {"answer": "staff", "escalate": "member", "state": "open"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("import",),
     "title": "Doublons de patients après l'import",
     "body": "Après la reprise de données, j'ai environ 200 patients en double (même nom, même "
             "date de naissance). Y a-t-il un outil de fusion ou dois-je les traiter un par un ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("messagerie", "dmp"),
     "title": "Recevoir les comptes rendus de l'hôpital dans la messagerie sécurisée",
     "body": "Le CHU m'envoie les comptes rendus d'hospitalisation par messagerie sécurisée "
             "de santé. Ils arrivent dans Medora mais ne sont pas rattachés au dossier du "
             "patient. Peut-on automatiser ce classement ?",
     "plan": {"answer": "staff"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("dmp",),
     "title": "Alimenter le DMP depuis Medora : obligatoire pour chaque consultation ?",
     "body": "Je me pose la question de l'envoi systématique de la synthèse au DMP / Mon "
             "espace santé. Faut-il le faire à chaque consultation ? Et est-ce que Medora "
             "peut le proposer automatiquement à la clôture ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("prise-de-rdv", "agenda"),
     "title": "Réserver la prise de rendez-vous en ligne aux patients déjà suivis",
     "body": "Je suis débordé et je ne prends plus de nouveaux patients. Est-ce possible de "
             "laisser la prise de rendez-vous en ligne ouverte uniquement aux patients connus "
             "du cabinet ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("prise-de-rdv",),
     "title": "Nouveaux patients : questionnaire avant le premier rendez-vous",
     "body": "J'aimerais que les nouveaux patients remplissent un petit questionnaire (médecin "
             "traitant, motif, allergies) au moment de réserver en ligne. Est-ce que c'est "
             "faisable ou prévu ?",
     "plan": {"answer": "staff"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("agenda",),
     "title": "Créneaux d'urgence bloqués dans l'agenda partagé",
     "body": "Dans notre maison de santé, chaque médecin garde deux créneaux d'urgence par "
             "jour. Comment empêcher que la prise de rendez-vous en ligne les utilise, tout "
             "en les laissant visibles pour le secrétariat ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("sms",),
     "title": "Personnaliser le texte du rappel SMS",
     "body": "Le rappel SMS par défaut ne précise pas qu'il faut apporter la carte Vitale. "
             "Où modifie-t-on le modèle de message ? Et y a-t-il une limite de caractères ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("sms",),
     "title": "Les patients peuvent-ils annuler en répondant au SMS ?",
     "body": "Plusieurs patients répondent « ANNULER » au rappel, mais le rendez-vous reste "
             "dans l'agenda. Est-ce que la réponse par SMS est prise en compte quelque part ?",
     "plan": {"answer": "staff", "escalate": "moderator", "state": "answered"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("facturation",),
     "title": "Export comptable mensuel pour mon expert-comptable",
     "body": "Mon comptable me demande un export des recettes par mode de paiement chaque "
             "mois. Existe-t-il un export tout fait ou dois-je passer par le tableau de bord ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("tiers-payant",),
     "title": "Tiers payant complémentaire : les mutuelles ne paient pas",
     "body": "La part obligatoire est bien remboursée mais la part complémentaire reste "
             "impayée pour certaines mutuelles depuis trois mois. Où vérifier si la demande "
             "est bien partie ?",
     "plan": {"replies": 0}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Téléconsultation sur tablette pour les patients âgés",
     "body": "Beaucoup de mes patients âgés n'ont qu'une tablette. Le lien de téléconsultation "
             "fonctionne-t-il sur iPad sans installer d'application ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("agenda",),
     "title": "Synchroniser l'agenda Medora avec mon téléphone",
     "body": "Je voudrais voir mes rendez-vous sur mon téléphone personnel sans donner les "
             "noms des patients à Google. Y a-t-il un abonnement de calendrier anonymisé ?",
     "plan": {"replies": 0}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("ordonnance",),
     "title": "Modèles d'ordonnance pour les renouvellements",
     "body": "Comment enregistrer mes ordonnances types (renouvellement de traitement "
             "chronique) pour les retrouver en deux clics ?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("messagerie",),
     "title": "Envoyer un courrier à un confrère qui n'a pas Medora",
     "body": "Est-ce que la messagerie sécurisée permet d'écrire à un spécialiste qui utilise "
             "un autre logiciel ? Je ne trouve que les confrères Medora dans l'annuaire.",
     "plan": {"recent": True, "replies": 0}},
    {"space": "questions-answers", "kind": Q, "lang": "fr", "tags": ("secretariat",),
     "title": "Ma secrétaire voit le montant des honoraires de tous les praticiens",
     "body": "Dans notre cabinet de groupe, la secrétaire voit les recettes de chacun. Est-ce "
             "qu'on peut limiter l'accès aux statistiques financières par praticien ?",
     "plan": {"answer": "staff", "escalate": "member", "state": "resolved"}},
    # --- Questions, German ---------------------------------------------------------------------
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("agenda",),
     "title": "Termin verschieben: Patient bekommt keine Benachrichtigung",
     "body": "Wenn ich einen Termin im Kalender verschiebe, bekommt der Patient keine SMS. "
             "Beim Anlegen klappt es. Muss man das irgendwo extra aktivieren?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("teleconsultation",),
     "title": "Videosprechstunde: Ton bricht nach zehn Minuten ab",
     "body": "Bei längeren Videosprechstunden bricht bei uns nach etwa zehn Minuten der Ton "
             "ab, das Bild läuft weiter. Praxis-WLAN, Firefox. Hat jemand eine Idee?",
     "plan": {"answer": "staff", "escalate": "member", "state": "resolved"}},
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("facturation",),
     "title": "Abrechnung: Quartalsabschluss dauert ewig",
     "body": "Der Quartalsabschluss läuft bei uns seit einer Stunde und hängt bei 80 %. "
             "Ist das normal bei ca. 3.000 Scheinen?",
     "plan": {"answer": "staff"}},
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("secretariat",),
     "title": "Rechte für MFA: nur Terminplanung und Empfang",
     "body": "Unsere MFA sollen Termine vergeben und Patienten anlegen können, aber keine "
             "Befunde sehen. Welche Rolle ist dafür gedacht?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("import",),
     "title": "Datenübernahme aus dem alten PVS",
     "body": "Wir wechseln von einem anderen Praxisverwaltungssystem. Gibt es eine "
             "Erfahrung, wie lange die Datenübernahme dauert und was verloren geht?",
     "plan": {"replies": 0}},
    {"space": "questions-answers", "kind": Q, "lang": "de", "tags": ("prise-de-rdv",),
     "title": "Online-Terminbuchung nur für bestimmte Behandlungen",
     "body": "Neue Patienten sollen online nur Erstgespräche buchen können, keine "
             "Kontrolltermine. Geht das mit den Terminarten?",
     "plan": {"answer": "peer"}},
    # --- Questions, Italian --------------------------------------------------------------------
    {"space": "questions-answers", "kind": Q, "lang": "it", "tags": ("agenda",),
     "title": "Spostare un appuntamento trascinandolo nell'agenda",
     "body": "Non riesco a spostare un appuntamento trascinandolo in un altro orario: torna "
             "sempre al posto originale. Succede solo nella vista settimanale.",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "it", "tags": ("sms",),
     "title": "Promemoria SMS: i pazienti non li ricevono",
     "body": "Da lunedì i promemoria SMS non arrivano più ai pazienti. Nel registro risultano "
             "inviati. Il credito SMS è ancora disponibile.",
     "plan": {"answer": "staff", "escalate": "member", "state": "resolved"}},
    {"space": "questions-answers", "kind": Q, "lang": "it", "tags": ("teleconsultation",),
     "title": "Televisita: il paziente non vede la mia webcam",
     "body": "Durante la televisita il paziente mi sente ma non mi vede. Uso una webcam "
             "esterna USB. Devo selezionarla da qualche parte?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "it", "tags": ("facturation",),
     "title": "Fattura elettronica scartata dal Sistema TS",
     "body": "Alcune fatture vengono scartate dall'invio al Sistema Tessera Sanitaria con "
             "errore sul codice fiscale. Il codice è corretto. Qualcuno ha avuto lo stesso "
             "problema?",
     "plan": {"answer": "staff", "escalate": "moderator", "state": "open"}},
    {"space": "questions-answers", "kind": Q, "lang": "it", "tags": ("ordonnance",),
     "title": "Ricetta elettronica: stampa del promemoria",
     "body": "Come si stampa il promemoria della ricetta dematerializzata con il codice NRE? "
             "Non trovo il pulsante dopo l'invio.",
     "plan": {"answer": "peer"}},
    # --- Questions, English --------------------------------------------------------------------
    {"space": "questions-answers", "kind": Q, "lang": "en", "tags": ("teleconsultation",),
     "title": "Teleconsultation echo on the patient's side",
     "body": "Patients hear their own voice back during video consultations. I use the "
             "laptop's built-in speakers and microphone. Any setting to reduce the echo?",
     "plan": {"answer": "peer"}},
    {"space": "questions-answers", "kind": Q, "lang": "en", "tags": ("agenda", "secretariat"),
     "title": "Shared agenda for a multi-site clinic",
     "body": "We run two sites with the same doctors on different days. What is the best way "
             "to set up the agenda so the front desk of each site only sees its own days?",
     "plan": {"answer": "staff"}},
    # --- Replacements & holidays (members) ----------------------------------------------------
    {"space": "replacements-holidays", "kind": Q, "lang": "fr", "tags": ("remplacement", "agenda"),
     "title": "Confier mon agenda à ma remplaçante pendant les vacances",
     "body": "Je pars trois semaines en août. Ma remplaçante doit accéder à mon agenda et aux "
             "dossiers des patients qu'elle verra, et facturer sous son nom. Quelle est la "
             "bonne façon de faire dans Medora ?",
     "plan": {"answer": "peer"}},
    {"space": "replacements-holidays", "kind": Q, "lang": "fr", "tags": ("remplacement", "facturation"),
     "title": "Rétrocession d'honoraires : un état automatique ?",
     "body": "À la fin du remplacement, je calcule la rétrocession à la main à partir des "
             "factures. Medora peut-il sortir le total des actes faits par le remplaçant ?",
     "plan": {"answer": "staff"}},
    {"space": "replacements-holidays", "kind": D, "lang": "fr", "tags": ("remplacement",),
     "title": "Vos astuces pour préparer un remplacement d'été",
     "body": "Chaque été c'est la même course : trouver un remplaçant, préparer les accès, "
             "prévenir les patients. Partageons nos listes de vérification !",
     "plan": {}},
    {"space": "replacements-holidays", "kind": D, "lang": "fr", "tags": ("remplacement", "sms"),
     "title": "Prévenir les patients de mon absence par SMS groupé ?",
     "body": "Est-ce que vous prévenez vos patients de vos congés par SMS ? J'hésite, j'ai peur "
             "que ça fasse trop de messages. Vos retours ?",
     "plan": {}},
    {"space": "replacements-holidays", "kind": Q, "lang": "de", "tags": ("remplacement",),
     "title": "Urlaubsvertretung: Zugriff für die Vertretungsärztin",
     "body": "Wie gebt ihr einer Vertretungsärztin für zwei Wochen Zugriff auf den Kalender, "
             "ohne ein dauerhaftes Konto anzulegen?",
     "plan": {"answer": "peer"}},
    {"space": "replacements-holidays", "kind": D, "lang": "it", "tags": ("remplacement",),
     "title": "Sostituzioni estive: come vi organizzate?",
     "body": "Quest'anno cerco un sostituto per luglio. Come gestite l'accesso all'agenda e "
             "alle cartelle durante la sostituzione?",
     "plan": {}},
    # --- Share your practice (members): testimonials ------------------------------------------
    {"space": "share-your-practice", "kind": T, "lang": "fr", "tags": ("agenda", "sms"),
     "title": "Les rappels SMS ont divisé par trois nos rendez-vous non honorés",
     "body": "Au cabinet, nous avions 8 à 10 lapins par semaine. Depuis que les rappels SMS "
             "partent 48 h avant avec un lien d'annulation, on est à deux ou trois, et les "
             "créneaux libérés sont repris par la liste d'attente. Le secrétariat respire.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Un an de téléconsultation en zone rurale",
     "body": "J'exerce dans un village à 40 minutes de la première ville. La téléconsultation "
             "me permet de suivre les patients chroniques entre deux visites. Ce qui a marché "
             "pour nous : un créneau fixe le jeudi et un appel test avant la première fois.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "fr", "tags": ("secretariat", "agenda"),
     "title": "Notre passage au télésecrétariat avec l'agenda partagé",
     "body": "Nous avons confié l'accueil téléphonique à un télésecrétariat. Grâce aux droits "
             "limités à l'agenda, ils prennent les rendez-vous directement sans voir les "
             "dossiers. Trois mois après, plus aucun appel manqué.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "fr", "tags": ("tiers-payant",),
     "title": "Tiers payant généralisé : comment nous avons réduit les rejets",
     "body": "En vérifiant les droits à chaque passage et en mettant à jour les mutuelles dans "
             "la fiche patient, nos rejets sont passés de 6 % à moins de 1 %. Le tableau de "
             "suivi des paiements est devenu notre rituel du lundi.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "fr", "tags": ("messagerie",),
     "title": "La messagerie sécurisée avec l'hôpital a changé nos sorties d'hospitalisation",
     "body": "Les comptes rendus arrivent le jour même de la sortie, et nous pouvons répondre "
             "au service en un clic. Pour nos patients fragiles, ça évite des réhospitalisations.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "de", "tags": ("prise-de-rdv",),
     "title": "Online-Terminbuchung: weniger Telefon, zufriedenere Patienten",
     "body": "Seit wir die Online-Buchung anbieten, klingelt das Telefon vormittags deutlich "
             "weniger. Die MFA haben Zeit für die Patienten vor Ort. Tipp: Terminarten klar "
             "benennen, sonst buchen Patienten die falsche Dauer.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "it", "tags": ("teleconsultation",),
     "title": "La televisita nel nostro studio di cardiologia",
     "body": "Usiamo la televisita per i controlli dopo la dimissione. I pazienti apprezzano "
             "di non dover venire in studio e noi recuperiamo tempo per le visite urgenti.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "it", "tags": ("agenda",),
     "title": "Agenda condivisa tra tre fisioterapisti: la nostra esperienza",
     "body": "Ogni fisioterapista ha il suo colore e le sale sono risorse dell'agenda. Non ci "
             "sono più doppie prenotazioni della palestra.",
     "plan": {}},
    {"space": "share-your-practice", "kind": T, "lang": "en", "tags": ("import",),
     "title": "Switching to Medora after ten years: our migration story",
     "body": "We moved 12,000 patient records over a weekend. The key was cleaning duplicates "
             "before the import and testing with a sample of 100 records first.",
     "plan": {}},
    {"space": "share-your-practice", "kind": D, "lang": "fr", "tags": ("agenda",),
     "title": "Combien de temps bloquez-vous pour un premier rendez-vous ?",
     "body": "Curieuse de savoir comment vous organisez vos types de rendez-vous : 20, 30 ou "
             "45 minutes pour un nouveau patient ?",
     "plan": {}},
    # --- Announcements (staff) -----------------------------------------------------------------
    {"space": "announcements", "kind": D, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Nouvelle salle de téléconsultation : ouverture de la bêta",
     "body": "La nouvelle salle de téléconsultation entre en bêta : meilleure qualité audio, "
             "partage d'écran et salle d'attente personnalisée. Rejoignez le programme bêta "
             "depuis votre profil.",
     "plan": {"staff_author": "pm"}},
    {"space": "announcements", "kind": D, "lang": "fr", "tags": ("facturation",),
     "title": "Maintenance de la télétransmission dimanche de 6 h à 8 h",
     "body": "Une maintenance de nos serveurs de télétransmission aura lieu dimanche. Les "
             "feuilles de soins créées pendant ce temps partiront automatiquement ensuite.",
     "plan": {"staff_author": "support"}},
    {"space": "announcements", "kind": D, "lang": "de", "tags": ("agenda",),
     "title": "Neu im Kalender: Wartelisten für kurzfristige Termine",
     "body": "Patienten auf der Warteliste werden jetzt automatisch benachrichtigt, wenn ein "
             "Termin frei wird.",
     "plan": {"staff_author": "pm"}},
    # --- Programme spaces ----------------------------------------------------------------------
    {"space": "ambassadors-lounge", "kind": D, "lang": "fr", "tags": ("agenda",),
     "title": "Feuille de route agenda : vos priorités pour le prochain trimestre",
     "body": "Entre les agendas multi-sites, la liste d'attente et les rendez-vous récurrents, "
             "qu'est-ce qui compte le plus pour vous et les membres que vous aidez ?",
     "plan": {"staff_author": "pm"}},
    {"space": "ambassadors-lounge", "kind": D, "lang": "fr", "tags": (),
     "title": "Préparer l'atelier des ambassadeurs à la journée utilisateurs",
     "body": "Qui est partant pour animer un atelier de 30 minutes ? Sujets proposés : "
             "téléconsultation, tiers payant, organisation du secrétariat.",
     "plan": {}},
    {"space": "beta-teleconsultation", "kind": Q, "lang": "fr", "tags": ("teleconsultation",),
     "title": "Bêta : le partage d'écran coupe la caméra",
     "body": "Quand je partage mon écran pour montrer une radio, ma caméra se coupe et ne "
             "revient pas après l'arrêt du partage. Chrome 124.",
     "plan": {"answer": "staff"}},
    {"space": "beta-teleconsultation", "kind": D, "lang": "de", "tags": ("teleconsultation",),
     "title": "Beta-Feedback: Wartezimmer mit eigenem Logo",
     "body": "Das eigene Logo im Wartezimmer kommt bei unseren Patienten gut an. Wäre schön, "
             "wenn man auch einen kurzen Begrüßungstext hinterlegen könnte.",
     "plan": {}},
    {"space": "billing-focus-group", "kind": D, "lang": "fr", "tags": ("facturation", "tiers-payant"),
     "title": "Compte rendu de la séance de mars : rejets et relances",
     "body": "Merci à toutes et tous pour la séance. Trois sujets ressortent : le motif de "
             "rejet peu lisible, la relance des mutuelles, et un export pour le comptable.",
     "plan": {"staff_author": "billing_pm"}},
    # --- Staff room ----------------------------------------------------------------------------
    {"space": "staff-room", "kind": D, "lang": "fr", "tags": (),
     "title": "Planning des permanences support pendant l'été",
     "body": "Merci d'indiquer vos congés d'ici vendredi pour qu'on garde toujours deux "
             "personnes sur la file des escalades.",
     "plan": {"staff_author": "community"}},
    {"space": "staff-room", "kind": D, "lang": "fr", "tags": ("sms",),
     "title": "Questions fréquentes sur les SMS : créer un article ?",
     "body": "On reçoit beaucoup de questions sur les doublons de rappels SMS. Je propose "
             "d'écrire un article dans le centre de ressources.",
     "plan": {"staff_author": "support"}},
    # --- Resource centre: articles -------------------------------------------------------------
    {"space": "resource-centre", "kind": A, "lang": "fr", "tags": ("agenda", "sms"),
     "title": "Bien configurer les rappels SMS de l'agenda",
     "summary": "Délai d'envoi, texte du message et lien d'annulation : les réglages qui "
                "réduisent vraiment les rendez-vous non honorés.",
     "body": "Les rappels SMS sont le moyen le plus simple de réduire les rendez-vous non "
             "honorés.\n\n## Choisir le délai d'envoi\n\nUn rappel 48 heures avant laisse le "
             "temps de libérer le créneau. Ajoutez un second rappel la veille pour les "
             "rendez-vous longs.\n\n## Rédiger le message\n\nRestez court : date, heure, "
             "adresse, et ce que le patient doit apporter (carte Vitale, ordonnance).\n\n"
             "## Activer le lien d'annulation\n\nLe lien permet au patient d'annuler seul ; "
             "le créneau retourne dans l'agenda et la liste d'attente est prévenue.\n\n"
             "## Éviter les doublons\n\nUn seul poste doit être désigné pour l'envoi "
             "automatique dans Paramètres > Agenda > Rappels.",
     "plan": {"staff_author": "support"}},
    {"space": "resource-centre", "kind": A, "lang": "fr", "tags": ("remplacement", "agenda"),
     "title": "Préparer un remplacement : agenda, accès et facturation",
     "summary": "Créer l'accès du remplaçant, lui confier l'agenda et facturer sous son nom, "
                "étape par étape.",
     "body": "Un remplacement se prépare quelques jours avant le départ.\n\n## Créer l'accès du "
             "remplaçant\n\nDans Paramètres > Utilisateurs, ajoutez le remplaçant avec le profil "
             "« Remplaçant » et une date de fin d'accès.\n\n## Confier l'agenda\n\nDonnez-lui le "
             "droit de gérer votre agenda pour la période ; vos rendez-vous existants restent "
             "en place.\n\n## Facturer sous son nom\n\nLa carte CPS du remplaçant signe les "
             "feuilles de soins ; Medora les associe à votre cabinet.\n\n## Calculer la "
             "rétrocession\n\nL'état « Actes du remplaçant » donne le total de la période.",
     "plan": {"staff_author": "pm"}},
    {"space": "resource-centre", "kind": A, "lang": "fr", "tags": ("tiers-payant", "facturation"),
     "title": "Comprendre et corriger les rejets de tiers payant",
     "summary": "Les motifs de rejet les plus fréquents, où les lire dans Medora et comment "
                "renvoyer une facture corrigée.",
     "body": "La plupart des rejets viennent de trois causes.\n\n## Droits non ouverts\n\n"
             "Vérifiez les droits avec le service en ligne avant la facturation ; Medora le "
             "fait à la lecture de la carte Vitale si l'option est activée.\n\n## Mutuelle "
             "inconnue\n\nMettez à jour la complémentaire dans la fiche patient.\n\n## Erreur "
             "de codage\n\nOuvrez la facture rejetée, corrigez l'acte et utilisez « Renvoyer » "
             "plutôt que de créer une nouvelle facture.",
     "plan": {"staff_author": "billing_pm"}},
    {"space": "resource-centre", "kind": A, "lang": "fr", "tags": ("secretariat",),
     "title": "Droits d'accès du secrétariat et du télésecrétariat",
     "summary": "Quel profil donner à une secrétaire, à un télésecrétariat ou à un assistant, "
                "pour que chacun voie ce dont il a besoin et rien de plus.",
     "body": "Chaque utilisateur reçoit un profil de droits.\n\n## Secrétaire du cabinet\n\n"
             "Agenda, accueil, facturation ; pas de contenu médical.\n\n## Télésecrétariat\n\n"
             "Agenda seulement, sans la fiche administrative complète.\n\n## Assistant médical"
             "\n\nConstantes et documents, sans les notes de consultation.",
     "plan": {"staff_author": "support"}},
    {"space": "resource-centre", "kind": A, "lang": "it", "tags": ("teleconsultation",),
     "title": "Televisita: guida pratica per la prima visita",
     "summary": "Come preparare il paziente, verificare audio e video e condurre una "
                "televisita senza intoppi.",
     "body": "Una buona televisita si prepara prima.\n\n## Preparare il paziente\n\nInviate "
             "il link con un giorno di anticipo e proponete una prova tecnica.\n\n## Audio e "
             "video\n\nCuffie con microfono: eliminano l'eco. Controllate la webcam nella "
             "sala d'attesa.\n\n## Durante la visita\n\nTenete a portata di mano la cartella "
             "e chiudete con il riepilogo inviato per messaggio sicuro.",
     "plan": {"author": "expert"}},
    {"space": "resource-centre", "kind": A, "lang": "it", "tags": ("teleconsultation", "ordonnance"),
     "title": "Prescrivere dopo una televisita: ricetta elettronica passo per passo",
     "summary": "Dalla televisita alla ricetta dematerializzata: firma, invio al paziente e "
                "promemoria NRE.",
     "body": "Dopo la televisita potete prescrivere senza uscire dalla sala.\n\n## Compilare "
             "la ricetta\n\nIl farmaco e la posologia si riprendono dalla terapia in corso.\n\n"
             "## Firmare e inviare\n\nLa ricetta parte al Sistema TS; il paziente riceve il "
             "promemoria con il codice NRE.\n\n## In farmacia\n\nIl farmacista legge il codice "
             "NRE o la tessera sanitaria.",
     "plan": {"author": "expert"}},
    {"space": "resource-centre", "kind": A, "lang": "de", "tags": ("messagerie",),
     "title": "Sichere Nachrichten mit Kliniken einrichten",
     "summary": "Adressbuch, Zuordnung von Befunden zur Patientenakte und Benachrichtigungen "
                "für das Praxisteam.",
     "body": "Befunde aus der Klinik landen direkt in Medora.\n\n## Adressbuch\n\nSuchen Sie "
             "Kliniken über das Verzeichnis und speichern Sie Favoriten.\n\n## Zuordnung\n\n"
             "Eingehende Befunde werden anhand von Name und Geburtsdatum vorgeschlagen.\n\n"
             "## Team\n\nLegen Sie fest, wer bei neuen Nachrichten benachrichtigt wird.",
     "plan": {"staff_author": "messaging_pm"}},
)
# fmt: on

# --- Replies ----------------------------------------------------------------------------------

# Peer answers by language and theme; "generic" when the theme has none.
PEER_ANSWERS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "agenda": (
            "Chez nous c'est dans Paramètres > Agenda > Notifications : on peut décocher "
            "l'envoi automatique pour les décalages de moins de 30 minutes.",
            "Astuce : maintenez la touche Maj en déplaçant le rendez-vous, Medora ne prévient "
            "pas le patient. Ça m'a sauvé plusieurs fois.",
            "Nous utilisons des types de rendez-vous différents (urgence, suivi, nouveau "
            "patient) et seuls certains sont ouverts en ligne. Ça règle le problème.",
        ),
        "sms": (
            "Vérifiez qu'un seul poste est configuré comme « poste d'envoi » des rappels, "
            "c'était la cause des doublons chez nous.",
            "Le modèle se modifie dans Paramètres > Agenda > Rappels. Attention, au-delà de "
            "160 caractères le SMS compte double.",
        ),
        "teleconsultation": (
            "Regardez l'icône de caméra dans la barre d'adresse : il arrive que le navigateur "
            "garde un ancien refus. Il faut réautoriser et recharger la page.",
            "Sur Mac, il faut aussi autoriser le navigateur dans Réglages Système > "
            "Confidentialité > Caméra. Ça a tout réglé pour moi.",
            "Un casque avec micro règle 90 % des problèmes de son, l'écho en particulier.",
        ),
        "billing": (
            "Dans le suivi des paiements, filtrez sur « Rejetées », ouvrez la facture et "
            "utilisez « Corriger et renvoyer » : pas de doublon.",
            "Pour l'export comptable, le tableau de bord a un export CSV par mode de paiement, "
            "mon comptable s'en contente très bien.",
        ),
        "prescription": (
            "Les modèles d'ordonnance se créent depuis une ordonnance existante : menu ⋯ > "
            "« Enregistrer comme modèle ».",
            "Pour le DMP, je l'alimente seulement quand il y a une information utile "
            "(nouveau traitement, résultat important). Medora propose l'envoi à la clôture.",
        ),
        "access": (
            "Le profil « Secrétariat » fait exactement ça : agenda et facturation, sans accès "
            "au contenu médical.",
        ),
        "import": (
            "Il y a un outil de fusion dans Patients > Doublons ; il propose les paires "
            "probables et on valide par lot.",
        ),
        "messaging": (
            "Chez nous, le rattachement se fait automatiquement quand le document contient "
            "l'INS du patient. Sinon il reste dans la boîte à classer.",
        ),
        "generic": (
            "Bonne question, je me la posais aussi. Je suis preneuse de la réponse !",
            "Nous avons eu le même cas au cabinet le mois dernier, c'est rentré dans l'ordre "
            "après la mise à jour.",
            "De notre côté, on a simplement appelé le support qui a réglé ça en dix minutes.",
        ),
    },
    "de": {
        "agenda": (
            "Unter Einstellungen > Kalender > Benachrichtigungen gibt es einen Haken für "
            "verschobene Termine. Bei uns war er aus.",
            "Wir arbeiten mit Terminarten und geben nur Erstgespräche online frei.",
        ),
        "access": ("Die Rolle „Empfang“ passt genau: Termine und Stammdaten, keine Befunde.",),
        "teleconsultation": (
            "Bei uns lag es am Energiesparmodus des Headsets. Mit Kabel-Headset kein Problem mehr.",
        ),
        "generic": (
            "Gleiches Problem hier, danke fürs Nachfragen!",
            "Wir haben das damals mit dem Support gelöst, ging schnell.",
        ),
    },
    "it": {
        "agenda": (
            "Succede se l'agenda è in sola lettura per quel giorno: controllate i permessi "
            "della risorsa.",
        ),
        "teleconsultation": (
            "Nella sala d'attesa c'è l'icona dell'ingranaggio: lì si sceglie la webcam esterna.",
        ),
        "prescription": (
            "Dopo l'invio, apri la ricetta dallo storico: il pulsante «Stampa promemoria» è "
            "in alto a destra.",
        ),
        "generic": (
            "Stesso problema anche da noi, grazie per la domanda!",
            "Noi abbiamo risolto con l'ultimo aggiornamento.",
        ),
    },
    "en": {
        "teleconsultation": (
            "A headset fixes the echo completely. Built-in speakers feed back into the microphone.",
        ),
        "generic": (
            "Same here, following this thread.",
            "We had this too; the support team sorted it out quickly.",
        ),
    },
}

STAFF_ANSWERS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "agenda": (
            "Bonjour, c'est possible : dans Paramètres > Agenda, chaque type de rendez-vous a "
            "une option « Réservable en ligne ». Je vous mets aussi le lien vers l'article du "
            "centre de ressources.",
        ),
        "sms": (
            "Merci pour le signalement. Le doublon venait de deux postes configurés pour "
            "l'envoi ; un correctif empêche désormais ce cas. Tout est rentré dans l'ordre "
            "depuis la version 8.4.2.",
        ),
        "teleconsultation": (
            "Bonjour, nous avons identifié un souci avec certains pilotes audio sous Windows. "
            "Sélectionnez le micro explicitement dans la salle (icône ⚙) ; un correctif est "
            "en cours de déploiement.",
        ),
        "billing": (
            "Bonjour, l'interrogation des droits se lance automatiquement à la lecture de la "
            "carte si l'option est cochée dans Paramètres > Facturation. Je vous ai envoyé "
            "un message privé pour vérifier vos réglages.",
        ),
        "prescription": (
            "Bonjour, il faut installer la dernière version du composant de lecture de carte "
            "(lien dans Aide > Téléchargements) et redémarrer le poste. Dites-nous si ça "
            "résout le problème.",
        ),
        "access": (
            "Bonjour, utilisez le profil « Secrétariat » ou « Télésecrétariat » dans "
            "Paramètres > Utilisateurs. Le second ne donne accès qu'à l'agenda.",
        ),
        "import": (
            "Bonjour, la reprise couvre l'identité, les antécédents, les traitements et les "
            "documents. Notre équipe migration vous contacte pour planifier un essai.",
        ),
        "messaging": (
            "Bonjour, le rattachement automatique est disponible depuis la version 8.3 : "
            "activez-le dans Paramètres > Messagerie > Classement.",
        ),
        "generic": (
            "Bonjour, merci pour votre message. Je regarde avec l'équipe et je reviens vers "
            "vous ici même.",
        ),
    },
    "de": {
        "teleconsultation": (
            "Danke für die Meldung. Das Problem tritt bei bestimmten WLAN-Routern auf; das "
            "Update 8.4.3 behebt es. Bitte den Browser einmal neu starten.",
        ),
        "billing": (
            "Bei großen Quartalen kann der Abschluss bis zu zwei Stunden dauern. Wir "
            "arbeiten an einer schnelleren Version.",
        ),
        "generic": ("Danke für die Frage! Ich kläre das mit dem Team und melde mich hier.",),
    },
    "it": {
        "sms": (
            "Grazie della segnalazione: c'era un problema con un operatore telefonico, ora "
            "risolto. I promemoria in coda sono stati inviati.",
        ),
        "billing": (
            "Grazie, stiamo verificando con il Sistema TS. Vi aggiorniamo appena possibile.",
        ),
        "generic": ("Grazie della domanda! Verifico con il team e vi rispondo qui.",),
    },
    "en": {
        "agenda": (
            "Create one agenda per site and give each front desk access to its site only; "
            "doctors see both in the combined view.",
        ),
        "generic": ("Thanks for asking! I am checking with the team and will answer here.",),
    },
}

# Short follow-ups: thanks, "me too", a precision.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "fr": (
        "Merci beaucoup, ça marche parfaitement !",
        "Même chose chez nous, merci pour l'astuce.",
        "Super, je ne connaissais pas cette option.",
        "Je confirme, c'est réglé de notre côté aussi.",
        "Merci pour le partage, très utile pour notre cabinet.",
        "Tout à fait d'accord, on fait pareil depuis un an.",
    ),
    "de": (
        "Vielen Dank, hat funktioniert!",
        "Super Tipp, danke!",
        "Bei uns genauso, danke fürs Teilen.",
    ),
    "it": (
        "Grazie mille, funziona!",
        "Ottimo consiglio, grazie.",
        "Anche da noi è così, grazie per la condivisione.",
    ),
    "en": ("Thanks, that did it!", "Great tip, thank you.", "Same experience here."),
}

# Replies in discussions and under testimonials: opinions rather than answers.
OPINIONS: dict[str, tuple[str, ...]] = {
    "fr": (
        "Chez nous : 30 minutes pour un nouveau patient, 15 pour un suivi. Ça tient.",
        "Bravo pour ce retour, ça donne envie d'essayer !",
        "Ma liste : accès remplaçant, message d'absence, SMS aux patients chroniques, et "
        "un mot dans la salle d'attente.",
        "J'ai fait le SMS groupé l'an dernier, aucun patient ne s'en est plaint, au contraire.",
        "Très intéressant. Combien de temps a pris la mise en place ?",
        "Partante pour l'atelier téléconsultation !",
    ),
    "de": (
        "Sehr hilfreich, danke für den Bericht!",
        "Bei uns ähnlich: weniger Telefon, mehr Zeit für die Patienten.",
        "Ein Begrüßungstext wäre wirklich schön.",
    ),
    "it": (
        "Esperienza molto utile, grazie!",
        "Noi diamo al sostituto un accesso temporaneo con data di scadenza.",
        "Interessante, quanto tempo ci avete messo?",
    ),
    "en": ("Very helpful story, thanks!", "How long did the test import take?"),
}

# --- Large (benchmark) volumes ----------------------------------------------------------------

# Paragraphs bodies are built from; a body joins 1 to 6 of them (200 to 1,500 characters).
LARGE_PARAGRAPHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "Bonjour à toutes et à tous, je me permets de poser la question ici car je n'ai pas "
        "trouvé la réponse dans l'aide en ligne.",
        "Depuis la dernière mise à jour, l'agenda met plusieurs secondes à s'afficher le lundi "
        "matin, quand tout le cabinet se connecte en même temps.",
        "Nous sommes trois médecins et deux secrétaires, avec un agenda partagé et la prise "
        "de rendez-vous en ligne ouverte aux nouveaux patients.",
        "Les rappels SMS partent bien la veille, mais certains patients disent ne rien avoir "
        "reçu ; nous avons vérifié les numéros de téléphone.",
        "La téléconsultation fonctionne bien sur ordinateur, en revanche sur téléphone le son "
        "coupe régulièrement quand le patient change d'application.",
        "Pour le tiers payant, les rejets concernent surtout les complémentaires, avec un "
        "motif difficile à comprendre sans appeler la mutuelle.",
        "J'ai essayé de vider le cache du navigateur et de redémarrer le poste, sans succès. "
        "Le problème revient au bout de quelques jours.",
        "Si quelqu'un a une astuce ou un réglage à conseiller, je suis preneur. Merci d'avance "
        "pour vos retours et bonne journée.",
    ),
    "de": (
        "Hallo zusammen, vielleicht hat jemand schon Erfahrung mit diesem Thema gesammelt.",
        "Seit dem letzten Update dauert das Öffnen des Kalenders morgens deutlich länger, "
        "besonders wenn alle Arbeitsplätze gleichzeitig starten.",
        "Die Videosprechstunde läuft stabil, nur die Terminerinnerung per SMS kommt manchmal "
        "doppelt an.",
        "Wir sind eine Gemeinschaftspraxis mit vier Ärztinnen und nutzen die Online-Buchung "
        "seit einem Jahr.",
        "Danke im Voraus für eure Tipps, jede Idee ist willkommen.",
    ),
    "it": (
        "Buongiorno a tutti, scrivo qui perché non ho trovato la risposta nella guida.",
        "Dall'ultimo aggiornamento l'agenda è più lenta al mattino, quando tutti i colleghi "
        "si collegano.",
        "La televisita funziona bene dal computer, ma dal telefono l'audio si interrompe.",
        "Le fatture elettroniche vengono inviate al Sistema TS, ma alcune risultano scartate "
        "senza un motivo chiaro.",
        "Grazie in anticipo a chi vorrà condividere la propria esperienza.",
    ),
    "en": (
        "Hello everyone, I could not find the answer in the help centre so I am asking here.",
        "Since the last update the agenda takes a few seconds to load on Monday mornings.",
        "Teleconsultation works fine on a computer, but on phones the sound drops sometimes.",
        "Thanks in advance for any tip or setting you would recommend.",
    ),
}

LARGE_TITLES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Agenda lent le lundi matin",
        "Rappels SMS non reçus par certains patients",
        "Son coupé en téléconsultation sur téléphone",
        "Rejets de tiers payant sur les complémentaires",
        "Prise de rendez-vous en ligne pour les nouveaux patients",
        "Droits d'accès du secrétariat",
        "Carte CPS et ordonnance numérique",
        "Préparer l'agenda pour un remplacement",
        "Import de dossiers patients",
        "Messagerie sécurisée avec l'hôpital",
    ),
    "de": (
        "Kalender lädt langsam",
        "SMS-Erinnerung kommt doppelt",
        "Videosprechstunde ohne Ton",
        "Online-Terminbuchung für Neupatienten",
    ),
    "it": (
        "Agenda lenta al mattino",
        "Promemoria SMS non ricevuti",
        "Televisita senza audio",
        "Fatture scartate dal Sistema TS",
    ),
    "en": ("Slow agenda on Mondays", "SMS reminders not received", "No sound in teleconsultation"),
}
