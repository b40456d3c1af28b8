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
