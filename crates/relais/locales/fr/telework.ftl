nav-telework = Télétravail
telework-title = Mon télétravail
telework-tile-text = Charte, avenant, jours demandés et calendrier de l’équipe.
telework-mine = Mon télétravail
telework-team = Calendrier de l’équipe
telework-charter = Charte de télétravail
telework-posts = Postes et avenants
telework-too-long = Ce texte est trop long.
telework-waiting-decisions = { $count ->
    [one] Une demande attend votre décision
   *[other] { $count } demandes attendent votre décision
}
telework-charter-version = Version { $version }
telework-charter-accepted-badge = Acceptée
telework-charter-to-accept = La version { $version } de la charte a été publiée : lisez-la et acceptez-la pour demander des jours de télétravail.
telework-charter-read = Lire la charte
telework-charter-accept = J’ai lu et j’accepte la charte
telework-charter-accepted = Charte acceptée. Votre acceptation est enregistrée.
telework-charter-none = Aucune charte de télétravail n’est encore publiée.
telework-charter-outdated = Une version plus récente de la charte a été publiée entre-temps : relisez-la avant de l’accepter.
telework-charter-my-history = Versions que j’ai acceptées
telework-charter-follow = Suivi des acceptations
telework-charter-concerned = { $count ->
    [one] { $count } personne concernée
   *[other] { $count } personnes concernées
}
telework-charter-waiting = { $count ->
    [0] tout le monde a accepté
    [one] { $count } n’a pas encore accepté
   *[other] { $count } n’ont pas encore accepté
}
telework-charter-body = Texte de la charte
telework-charter-body-hint = En Markdown : # Titre, ## Sous-titre, listes, **gras**. Publier crée une nouvelle version que chaque personne concernée devra accepter.
telework-charter-publish = Publier une nouvelle version
telework-charter-published = Nouvelle version publiée. Les personnes concernées sont invitées à l’accepter.
telework-charter-versions = Versions publiées
telework-published = publiée le
telework-agreement = Mon avenant
telework-agreement-none = Pas encore d’avenant de télétravail. Les ressources humaines le proposent une fois votre poste évalué.
telework-days-per-week = Jours par semaine
telework-days-count = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
telework-days-max = { $count ->
    [one] { $count } jour par semaine au plus
   *[other] { $count } jours par semaine au plus
}
telework-place = Lieu de télétravail
telework-equipment = Équipement fourni
telework-period = Période
telework-trial-until = Période d’adaptation jusqu’au
telework-review-on = Point de suivi le
telework-starts-on = Début
telework-ends-on = Fin
telework-fixed-days = Jours fixes (aucun : jours flottants)
telework-agreement-signed-badge = Signé
telework-agreement-unsigned = À signer
telework-agreement-sign-hint = Signer, c’est accepter cet avenant ; votre mot de passe confirme que c’est bien vous. Une signature électronique qualifiée serait une intégration distincte.
telework-agreement-sign = Signer l’avenant
telework-agreement-signed = Avenant signé.
telework-agreement-proposed = Avenant proposé : la personne est invitée à le signer.
telework-agreement-propose = Proposer un avenant
telework-agreement-propose-hint = Proposer vaut signature de l’employeur ; un nouvel avenant remplace celui en cours.
telework-agreements = Avenants en cours
telework-agreements-caption = Avenants en cours et en attente de signature
telework-signature = Signature
telework-my-post = Mon poste
telework-no-post-yet = Votre poste n’est pas encore renseigné.
telework-post-not-assessed = Pas encore évalué
telework-assessed-by = Évalué par { $name }
telework-review-ask = Demander un réexamen de cette évaluation
telework-review-message = Ce que vous souhaitez faire réexaminer
telework-review-send = Envoyer la demande
telework-review-sent = Demande de réexamen envoyée aux ressources humaines.
telework-review-waiting = En attente de réponse
telework-ask = Demander du télétravail
telework-day = Jour
telework-part = Durée
telework-part-day = Journée
telework-part-morning = Matin
telework-part-afternoon = Après-midi
telework-weeks = Répéter (semaines)
telework-ask-send = Demander
telework-asked = Demande envoyée à votre responsable.
telework-no-tracking = Relais n’enregistre que ce que vous déclarez : aucun suivi d’activité, de frappe ou de connexion.
telework-my-days = Mes jours
telework-no-days = Aucun jour de télétravail demandé.
telework-status-requested = En attente
telework-status-approved = Accepté
telework-status-refused = Refusé
telework-status-cancelled = Annulé
telework-cancel = Annuler
telework-cancel-named = Annuler le télétravail du { $day }
telework-cancelled = Jour annulé.
telework-rule-past = Ce jour est passé.
telework-rule-no-agreement = Aucun avenant signé ne couvre ce jour.
telework-rule-charter = Acceptez d’abord la charte de télétravail en vigueur.
telework-rule-fixed-days = Votre avenant prévoit des jours fixes : ce jour n’en fait pas partie.
telework-rule-week-quota = Cette semaine dépasserait le nombre de jours prévu par votre avenant.
telework-rule-meeting-day = Ce jour est le jour de présence de toute l’équipe.
telework-rule-blackout = Le télétravail est suspendu pour l’équipe sur cette période.
telework-rule-minimum-on-site = L’équipe passerait sous le nombre minimum de personnes sur site ce jour-là.
telework-day-taken = Vous avez déjà une demande pour ce jour.
telework-weeks-range = Entre 1 et 26 semaines.
telework-too-far = Au plus un an à l’avance.
telework-no-team = Vous n’êtes dans aucune équipe : demandez à un administrateur de vous y ajouter.
telework-weeks-nav = Semaines
telework-this-week = Cette semaine
telework-legend = Légende
telework-cell-on-site = Sur site
telework-cell-remote = Télétravail
telework-cell-remote-morning = Télétravail le matin
telework-cell-remote-afternoon = Télétravail l’après-midi
telework-cell-asked = Demandé
telework-calendar-caption = Présence de l’équipe { $team } par jour
telework-person = Personne
telework-on-site-count = Sur site
telework-minimum = { $count ->
    [one] minimum { $count }
   *[other] minimum { $count }
}
telework-below-minimum = sous le minimum
telework-meeting-day = Toute l’équipe sur site
telework-no-meeting-day = Aucun
telework-decision-comment = Commentaire (obligatoire pour un refus)
telework-approve = Accepter
telework-refuse = Refuser
telework-decided = Décision enregistrée ; la personne est prévenue.
telework-rules = Règles de l’équipe
telework-min-on-site = Personnes sur site au minimum chaque jour
telework-min-range = Un nombre entre 0 et 1000.
telework-weekday-range = Jour de la semaine inconnu.
telework-rules-saved = Règles enregistrées.
telework-blackout-add = Suspendre le télétravail sur une période
telework-first-day = Du
telework-last-day = Au
telework-blackout-reason = Motif
telework-end-before-start = La fin est avant le début.
telework-shares = Postes télétravaillables par équipe
telework-share-eligible = { $count ->
    [one] { $count } personne éligible
   *[other] { $count } personnes éligibles
}
telework-share-people = { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
}
telework-share-hidden = moins de 5 personnes : non affiché
telework-posts-grid = Grille d’éligibilité
telework-posts-caption = Postes et résultat de leur dernière évaluation
telework-post = Poste
telework-result = Résultat
telework-result-eligible = Éligible
telework-result-partial = Partiellement éligible
telework-result-not_eligible = Non éligible
telework-holders = Titulaires
telework-assessed = Évalué le
telework-post-create = Créer un poste
telework-post-name = Intitulé du poste
telework-post-created = Poste créé.
telework-post-taken = Ce poste existe déjà.
telework-holder-title = Rattacher une personne à un poste
telework-no-post = Aucun poste
telework-holder-set = Poste enregistré.
telework-person-without-post = Cette personne n’est rattachée à aucun poste.
telework-post-not-eligible = Le poste de cette personne n’est pas éligible au télétravail.
telework-days-beyond-post = Plus de jours que l’évaluation du poste ne le permet.
telework-fixed-beyond-days = Plus de jours fixes que de jours par semaine.
telework-assess-named = Évaluer le poste « { $post } »
telework-assess = Enregistrer l’évaluation
telework-assess-comment = Commentaire (visible par les titulaires du poste)
telework-assessment-saved = Évaluation enregistrée.
telework-share-range = Un pourcentage entre 0 et 100.
telework-criterion-patient_presence = Présence physique auprès des patients
telework-criterion-paper_records = Dossiers papier
telework-criterion-onsite_equipment = Équipement disponible sur site uniquement
telework-criterion-data_access = Données traitées
telework-criterion-autonomy = Autonomie dans l’organisation du travail
telework-criterion-remote_share = Part des tâches réalisables à distance (%)
telework-patient_presence-none = Aucune
telework-patient_presence-partial = Une partie du temps
telework-patient_presence-constant = Constante
telework-paper_records-none = Aucun
telework-paper_records-digitisable = Numérisables
telework-paper_records-essential = Indispensables sur place
telework-onsite_equipment-none = Aucun
telework-onsite_equipment-partial = Pour une partie des tâches
telework-onsite_equipment-essential = Indispensable
telework-data_access-ordinary = Sans données de santé
telework-data_access-health_remote = Données de santé, accès à distance sécurisé autorisé
telework-data_access-health_on_site_only = Données de santé, accès sur site uniquement
telework-autonomy-high = Grande
telework-autonomy-medium = Moyenne
telework-autonomy-low = Faible
telework-reviews = Demandes de réexamen
telework-review-reply = Réponse
telework-review-answer = Répondre
telework-review-answered = Réponse envoyée.
telework-reason-all-clear = Aucune contrainte : le poste peut être exercé à distance jusqu’au plafond de la charte.
telework-reason-presence-constant = Le poste demande une présence constante auprès des patients.
telework-reason-presence-partial = Une partie du temps se passe auprès des patients : 2 jours par semaine au plus.
telework-reason-paper-essential = Les dossiers papier indispensables ne peuvent pas quitter le site.
telework-reason-paper-digitisable = Les dossiers papier doivent d’abord être numérisés : 2 jours par semaine au plus.
telework-reason-equipment-essential = Un équipement indispensable n’existe que sur site.
telework-reason-equipment-partial = Une partie des tâches demande un équipement du site : 2 jours par semaine au plus.
telework-reason-data-on-site-only = Les données de santé traitées ne peuvent pas être consultées à distance.
telework-reason-data-remote = Données de santé : uniquement par l’accès à distance sécurisé de l’établissement, jamais sur un poste personnel non vérifié.
telework-reason-autonomy-low = Autonomie faible : 1 jour par semaine au plus, pour commencer.
telework-reason-autonomy-medium = Autonomie moyenne : 2 jours par semaine au plus.
telework-reason-share-low = Moins de 20 % des tâches peuvent être faites à distance.
telework-reason-share-partial = La part des tâches réalisables à distance limite le nombre de jours.
telework-about = Télétravail
telework-person-audited = Votre lecture de ce dossier est inscrite au journal d’audit.
telework-time = Mon temps de travail
telework-time-team = Temps de l’équipe
telework-time-why = Vous déclarez vos horaires, ou confirmez vos horaires habituels d’un geste. Rien n’est mesuré : ni connexion, ni activité. Ces déclarations servent à la paie et à vérifier que personne ne travaille au-delà du raisonnable.
telework-time-declared = déclarées
telework-time-planned = prévues (vos horaires)
telework-time-difference = d’écart à ce jour
telework-time-status-declared = Déclaré
telework-time-status-approved = Validé
telework-time-break-of = pause de { $minutes } min
telework-time-remove = Retirer
telework-time-remove-named = Retirer la déclaration du { $day }
telework-time-confirm = Confirmer mes horaires habituels ({ $hours })
telework-time-declare = Déclarer d’autres horaires
telework-time-break-minutes = Pause (minutes)
telework-time-place = Lieu
telework-place-on_site = Sur site
telework-place-remote = En télétravail
telework-time-not-yet = Ce jour n’est pas encore arrivé.
telework-time-saved = Journée déclarée.
telework-time-removed = Déclaration retirée.
telework-time-break = La pause doit être plus courte que la journée.
telework-time-too-long = Plus de 13 heures travaillées : le repos quotidien de 11 heures ne serait pas respecté.
telework-time-future = On ne déclare pas une journée à venir.
telework-time-too-old = Cette journée est trop ancienne pour être déclarée ici ; voyez les ressources humaines.
telework-time-approved = Cette journée est déjà validée par votre responsable.
telework-time-not-a-working-day = Ce n’est pas un jour de vos horaires habituels : déclarez vos horaires.
telework-time-team-hint = Totaux de la semaine déclarés par chacun ; le détail des journées reste à la personne.
telework-time-caption = Temps déclaré dans l’équipe { $team }
telework-time-remote-days = Jours en télétravail
telework-time-approval = Validation
telework-time-nothing = Rien de déclaré
telework-time-approve = Valider la semaine
telework-time-approve-named = Valider la semaine de { $name }
telework-time-approved-notice = Semaine validée.
telework-time-export = Export du mois (paie)
telework-feeds = Agendas
telework-feeds-intro = Abonnez l’agenda de votre téléphone ou de votre messagerie à vos jours de télétravail, ou à ceux de votre équipe. L’agenda ne reçoit que les jours acceptés, sans motif ni commentaire.
telework-feed-mine = Mes jours de télétravail
telework-feed-team = Équipe { $team }
telework-security = Sécurité du poste
telework-security-overview = Suivi sécurité
telework-security-intro = { $count ->
    [one] Pour chaque appareil sur lequel vous télétravaillez, répondez à ces questions une fois par mois. Rien n’est installé sur l’appareil et rien n’en est lu : seul ce que vous déclarez est enregistré.
   *[other] Pour chaque appareil sur lequel vous télétravaillez, répondez à ces questions tous les { $count } mois. Rien n’est installé sur l’appareil et rien n’en est lu : seul ce que vous déclarez est enregistré.
}
telework-advice = Conseils du service informatique
telework-devices = Mes appareils
telework-devices-none = Aucun appareil déclaré.
telework-devices-too-many = Dix appareils au plus : retirez ceux que vous n’utilisez plus.
telework-device-name = Nom de l’appareil (ex. « Portable du SSIAD »)
telework-device-kind = Appareil
telework-device-kind-provided = Fourni par l’employeur
telework-device-kind-personal = Personnel
telework-device-add = Ajouter l’appareil
telework-device-added = Appareil ajouté : faites son autodiagnostic.
telework-device-retire = Ne plus utiliser
telework-device-retire-named = Ne plus utiliser « { $name } »
telework-device-retired = Appareil retiré.
telework-check-due = À faire
telework-check-current = À jour
telework-checked-on = Dernier autodiagnostic le
telework-check-fill = Faire l’autodiagnostic
telework-check-save = Enregistrer mes réponses
telework-check-saved = Réponses enregistrées.
telework-check-incomplete = Répondez à chaque question (« je ne sais pas » est une réponse).
telework-check-history = Mes autodiagnostics
telework-how-to = Comment faire ?
telework-answer-yes = Oui
telework-answer-no = Non
telework-answer-unsure = Je ne sais pas
telework-answer-not_applicable = Sans objet
telework-item-disk_encryption = Le disque est chiffré
telework-item-system_updates = Le système est à jour
telework-item-browser_updates = Le navigateur est à jour
telework-item-screen_lock = L’écran se verrouille seul
telework-item-separate_session = Une session réservée au travail
telework-item-antivirus = Un antivirus actif
telework-item-wifi_protected = Le Wi-Fi est protégé (WPA2 ou WPA3)
telework-item-wifi_password_changed = Le mot de passe du Wi-Fi a été changé
telework-item-no_saved_passwords = Aucun mot de passe enregistré dans un navigateur partagé
telework-item-encrypted_backup = Les fichiers de travail locaux sont sauvegardés et chiffrés
telework-item-lost_device_plan = Je sais quoi faire si l’appareil est perdu
telework-item-why-disk_encryption = Un appareil perdu ou volé ne livre rien si son disque est chiffré.
telework-item-why-system_updates = Les mises à jour corrigent les failles exploitées par les attaques.
telework-item-why-browser_updates = Le navigateur est la porte d’entrée vers Relais et la messagerie.
telework-item-why-screen_lock = Personne d’autre à la maison ne voit des données de patients quand vous vous éloignez.
telework-item-why-separate_session = Les enfants ou les proches n’utilisent pas la session où vous travaillez.
telework-item-why-antivirus = Il arrête la plupart des logiciels malveillants connus (Windows : Microsoft Defender suffit).
telework-item-why-wifi_protected = Un Wi-Fi ouvert ou en WEP laisse lire ce qui circule.
telework-item-why-wifi_password_changed = Le mot de passe d’origine de la box est souvent imprimé dessous, ou devinable.
telework-item-why-no_saved_passwords = Un mot de passe enregistré dans un navigateur partagé ouvre vos comptes à quiconque l’utilise.
telework-item-why-encrypted_backup = Un fichier de travail perdu ou lu par un tiers est un incident.
telework-item-why-lost_device_plan = Signaler vite permet de couper les accès et de prévenir le délégué à la protection des données.
telework-item-how-disk_encryption = Windows : Paramètres › Confidentialité et sécurité › Chiffrement de l’appareil, ou BitLocker (éditions Pro).
    macOS : Réglages › Confidentialité et sécurité › FileVault.
    Linux : le chiffrement LUKS se choisit à l’installation ; VeraCrypt pour un disque externe.
telework-item-how-system_updates = Windows : Paramètres › Windows Update › Rechercher des mises à jour.
    macOS : Réglages › Général › Mise à jour de logiciels.
    Linux : le gestionnaire de mises à jour de votre distribution.
telework-item-how-browser_updates = Firefox : menu › Aide › À propos de Firefox. Chrome ou Edge : menu › Aide › À propos. Le navigateur se met à jour et demande de redémarrer.
telework-item-how-screen_lock = Windows : Paramètres › Comptes › Options de connexion › Verrouillage dynamique, et Windows + L en partant.
    macOS : Réglages › Écran de verrouillage.
    Réglez 5 minutes au plus.
telework-item-how-separate_session = Créez un compte d’utilisateur à votre nom réservé au travail, avec son propre mot de passe, et n’ouvrez Relais que là.
telework-item-how-antivirus = Windows : Sécurité Windows › Protection contre les virus et menaces doit être « Aucune action requise ». macOS et Linux : suivez les conseils du service informatique.
telework-item-how-wifi_protected = Dans l’interface de votre box (souvent http://192.168.1.1), la sécurité du Wi-Fi doit indiquer WPA2 ou WPA3, jamais WEP ni « ouvert ».
telework-item-how-wifi_password_changed = Dans l’interface de votre box, changez la clé Wi-Fi pour une phrase longue ; reconnectez ensuite vos appareils.
telework-item-how-no_saved_passwords = Dans les réglages du navigateur, rubrique Mots de passe, supprimez ceux qui concernent le travail ; utilisez un gestionnaire de mots de passe personnel (par exemple KeePassXC).
telework-item-how-encrypted_backup = Gardez les fichiers de travail dans l’espace prévu par l’établissement plutôt que sur l’appareil ; sinon, sauvegardez-les sur un support chiffré.
telework-item-how-lost_device_plan = Signalez la perte tout de suite depuis « Signaler un problème » (ou par téléphone au service informatique) ; changez votre mot de passe Relais et fermez vos autres sessions dans « Mon compte ».
telework-guide = Guide de sécurité du poste de télétravail
telework-guide-intro = Pour chaque point de l’autodiagnostic : pourquoi il compte et comment le vérifier.
telework-guide-back = Revenir à mon autodiagnostic
telework-report = Signaler un problème
telework-report-intro = Appareil perdu, courriel suspect, intrusion, outil qui ne marche pas : le service informatique est prévenu. S’il peut s’agir de données personnelles ou de santé, le délégué à la protection des données l’est aussi.
telework-report-kind = Type de problème
telework-incident-lost_device = Appareil perdu ou volé
telework-incident-phishing = Courriel ou message suspect (hameçonnage)
telework-incident-intrusion = Intrusion ou compte piraté suspecté
telework-incident-tool_broken = Un outil ne fonctionne pas
telework-incident-other = Autre
telework-report-description = Que s’est-il passé ?
telework-report-personal-data = Des données personnelles ou de santé peuvent être concernées
telework-report-send = Envoyer le signalement
telework-incident-sent = Signalement envoyé au service informatique.
telework-incident-status-open = En cours
telework-incident-status-closed = Traité
telework-overview-audited = Votre consultation de ce suivi est inscrite au journal d’audit. Les réponses des personnes ne sont montrées qu’en proportions, par équipe d’au moins 5 personnes.
telework-incidents = Signalements
telework-incidents-none = Aucun signalement.
telework-breach = Violation possible de données personnelles : le délégué à la protection des données dispose de 72 heures pour la notifier à la CNIL.
telework-breach-deadline = Échéance : { $deadline }.
telework-breach-hours-left = { $count ->
    [one] { $count } heure restante
   *[other] { $count } heures restantes
}
telework-incident-response = Réponse à la personne
telework-incident-close = Marquer comme traité
telework-incident-closed = Signalement traité.
telework-coverage = Couverture de l’autodiagnostic
telework-coverage-hint = { $count ->
    [one] Autodiagnostics de moins d’un mois, par équipe : part des « oui » parmi les réponses qui s’appliquent.
   *[other] Autodiagnostics de moins de { $count } mois, par équipe : part des « oui » parmi les réponses qui s’appliquent.
}
telework-coverage-checked = { $count ->
    [one] { $count } à jour
   *[other] { $count } à jour
}
telework-coverage-item = Point
telework-coverage-yes = Oui
telework-advice-publish = Publier des conseils
telework-advice-published = Enregistré.
telework-check-months = Renouveler l’autodiagnostic tous les (mois)
telework-check-months-range = Entre 1 et 24 mois.
telework-coverage-hidden = Moins de 5 personnes à jour : rien n’est affiché.
telework-renewal = Renouvellement
telework-notices = { $count ->
    [one] Une nouveauté
   *[other] { $count } nouveautés
}
telework-notices-read = Marquer comme lu
telework-notice-day_requested = Une demande de télétravail de votre équipe attend votre décision.
telework-notice-day_decided = Votre responsable a répondu à votre demande de télétravail.
telework-notice-charter_published = Une nouvelle version de la charte de télétravail est à lire et à accepter.
telework-notice-charter_reminder = Rappel : la charte de télétravail en vigueur attend votre acceptation.
telework-notice-agreement_proposed = Un avenant de télétravail vous est proposé : lisez-le et signez-le.
telework-notice-check_due = L’autodiagnostic de sécurité d’un de vos appareils est à refaire.
telework-live-updated = Mis à jour : une demande ou une décision vient d’arriver.
telework-desks = Bureaux
telework-desk-days = Jours
telework-desk-occupancy = Occupation de la semaine
telework-desk-booked-short = réservés
telework-desks-none = Aucun bureau partagé sur ce site.
telework-desk-mine = Réservé pour vous
telework-desk-release = Libérer
telework-desk-book = Réserver
telework-desk-book-named = Réserver { $desk }
telework-desk-add = Ajouter un bureau
telework-desk-room = Salle
telework-desk-name = Bureau
telework-desk-taken = Ce bureau existe déjà dans cette salle.
telework-desk-taken-day = Ce bureau vient d’être réservé, ou vous avez déjà un bureau ce jour-là.
telework-desk-remote-day = Ce jour-là, vous êtes en télétravail.
telework-desk-too-far = Au plus trois mois à l’avance.
telework-desk-booked = Bureau réservé.
telework-desk-released = Bureau libéré.
telework-desk-added = Bureau ajouté.
telework-no-site = Aucun site n’est encore défini (Administration › Équipes et sites).
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
telework-previous = Période précédente
telework-next = Période suivante
telework-view = Affichage
telework-view-week = Semaine
telework-view-month = Mois
telework-cell-short-remote = TT
telework-agreement-document = Avenant de télétravail
telework-agreement-print = Version à imprimer
telework-clause-days = Jours de télétravail
telework-per-week = par semaine
telework-floating-days = jours flottants demandés dans Relais
telework-clause-place = Lieu
telework-clause-equipment = Équipement fourni par l’employeur
telework-clause-period = Durée
telework-clause-charter = Charte
telework-clause-charter-text = La charte de télétravail de l’organisation s’applique ; la personne l’a acceptée
telework-signed-employer = Pour l’employeur (proposé le)
telework-signed-person = Pour la personne (signé le)
