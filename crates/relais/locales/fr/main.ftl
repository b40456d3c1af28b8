# Relais — français (langue par défaut)

## Structure des pages
skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-home = Accueil
nav-admin = Administration
nav-account = Mon compte
sign-out = Se déconnecter
form-has-errors = Le formulaire contient des erreurs : elles sont indiquées sous les champs concernés.
language = Langue
continue = Continuer
save = Enregistrer
delete = Supprimer
actions = Actions
back-home = Retour à l’accueil

## Erreurs
error-title = Une erreur est survenue
error-status = Code :
error-generic = La demande n’a pas pu aboutir.
error-not_found = Cette page n’existe pas, ou vous n’y avez pas accès.
error-forbidden = Votre rôle ne permet pas cette action.
error-unauthenticated = Veuillez vous connecter.
error-csrf_rejected = La demande a été refusée car elle ne vient pas de Relais. Rechargez la page et réessayez.
error-bad_request = La demande est mal formée.
error-link_expired = Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau à votre administrateur.
error-too_many_requests = Trop de tentatives. Patientez un moment avant de réessayer.
error-payload_too_large = Les données envoyées sont trop volumineuses.
error-method_not_allowed = Cette action n’est pas possible ici.
error-internal = Une erreur interne est survenue. Réessayez ; si elle persiste, prévenez votre administrateur.
error-unavailable = Un service nécessaire est momentanément indisponible. Réessayez dans un instant.
error-storage_full = Le stockage du serveur est plein : rien n’a été enregistré. Réessayez quand votre administrateur aura libéré de la place.
error-precondition_failed = Quelqu’un l’a modifié entre-temps : rechargez-le, puis réessayez.

## Champs et validation
field-required = Ce champ est obligatoire.
field-too-long = Ce champ est trop long (100 caractères au plus).
field-control-characters = Ce champ contient des caractères non autorisés.
email-invalid = Adresse e-mail invalide.
email-taken = Un compte existe déjà avec cette adresse e-mail.
phone-invalid = Numéro de téléphone invalide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78).
time-zone-invalid = Fuseau horaire inconnu (exemple : Europe/Paris).
time-invalid = Heure invalide (format HH:MM).
hours-end-before-start = L’heure de fin doit être après l’heure de début.
hours-no-day = Choisissez au moins un jour travaillé.
locale-invalid = Langue non prise en charge.
password-too-short = Le mot de passe doit compter au moins 12 caractères.
password-too-long = Le mot de passe est trop long (256 caractères au plus).
password-too-common = Ce mot de passe est trop courant ou trop facile à deviner. Essayez une phrase de plusieurs mots.
password-current-wrong = Le mot de passe actuel est incorrect.
password-mismatch = Les deux mots de passe ne sont pas identiques.
password-rules = Au moins 12 caractères. Une phrase de plusieurs mots est plus sûre et plus facile à retenir ; les mots de passe courants sont refusés.
roles-required = Choisissez au moins un rôle.
roles-unknown = Rôle inconnu.
cannot-demote-self = Vous ne pouvez pas retirer votre propre rôle d’administrateur.
cannot-grant-self-patient-access = Vous ne pouvez pas vous attribuer un rôle qui ouvre les dossiers des patients : un autre administrateur doit le faire.
cannot-deactivate-self = Vous ne pouvez pas désactiver votre propre compte.
person-deactivated = Ce compte est désactivé.
site-unknown = Site inconnu.
teams-unknown = Équipe inconnue.
team-name-taken = Une équipe porte déjà ce nom.
site-name-taken = Un site porte déjà ce nom.

## Première installation
setup-title = Créer votre organisation
setup-intro = Bienvenue dans Relais. Indiquez le nom de votre structure et créez le compte de son administrateur.
organisation-name = Nom de l’organisation
full-name = Nom complet
email = Adresse e-mail
password = Mot de passe
setup-totp-next = À l’étape suivante, vous activerez la double authentification avec une application sur votre téléphone.
setup-submit = Créer l’organisation

## Connexion
sign-in = Se connecter
sign-in-failed = Adresse e-mail ou mot de passe incorrect.
sign-in-forgotten = Mot de passe oublié ? Votre administrateur peut vous remettre un lien pour en choisir un nouveau.
second-factor-title = Double authentification
totp-code = Code à 6 chiffres de votre application
verify = Vérifier
use-recovery-code = Utiliser un code de secours
recovery-code = Code de secours
totp-code-wrong = Code incorrect ou déjà utilisé. Attendez le code suivant et réessayez.
recovery-code-wrong = Code de secours incorrect ou déjà utilisé.

## Double authentification
totp-enrol-title = Activer la double authentification
totp-enrol-required = Votre rôle donne accès à des données sensibles : la double authentification est obligatoire.
totp-enrol-step-app = Installez une application d’authentification sur votre téléphone (par exemple FreeOTP, Aegis ou Google Authenticator).
totp-enrol-step-scan = Scannez ce QR code avec l’application.
totp-qr-label = QR code à scanner avec votre application d’authentification
totp-secret-manual = Ou saisissez cette clé dans l’application :
totp-open-app = Ouvrir dans l’application d’authentification de cet appareil
totp-enrol-step-code = Saisissez le code à 6 chiffres affiché par l’application.
totp-enrol-submit = Activer
recovery-codes-title = Vos codes de secours
recovery-codes-intro = Conservez ces 10 codes en lieu sûr (imprimés ou dans un gestionnaire de mots de passe). Chacun permet une connexion si vous perdez votre téléphone. Ils ne seront plus affichés.

## Liens à usage unique
activate-title = Activer votre compte
reset-title = Choisir un nouveau mot de passe
set-password-for = Compte de { $name }
new-password = Nouveau mot de passe
new-password-confirm = Confirmez le nouveau mot de passe

## Accueil
welcome = Bonjour { $name }.
module-messaging = Messagerie d’équipe
module-messaging-text = Canaux, messages directs et annonce matinale, dans le respect du droit à la déconnexion.
module-homecare = Télégestion
module-homecare-text = Patients, plans de soins, tournées sur téléphone, pointages et transmissions.
module-planner = Optimisation des tournées
module-planner-text = Une proposition de planning en quelques secondes, que la coordination valide.
module-visio = Visio et téléconsultation
module-visio-text = Réunions d’équipe et téléconsultations avec salle d’attente, sans installation.
module-documents = Documents
module-documents-text = Fichiers d’équipe chiffrés et versionnés, partages à durée limitée.
module-tasks = Tâches
module-tasks-text = Tableaux, cartes, échéances et listes de contrôle.
module-telework = Télétravail
module-telework-text = Charte, jours de télétravail et validations.
module-qvct = Qualité de vie au travail
module-qvct-text = Sondages anonymes et indicateurs d’équipe, sans surveillance individuelle.

## Mon compte
profile-title = Profil
phone = Téléphone
time-zone = Fuseau horaire
working-hours = Horaires de travail
working-hours-why = En dehors de ces horaires, Relais retient vos notifications (droit à la déconnexion).
day-mon = Lundi
day-tue = Mardi
day-wed = Mercredi
day-thu = Jeudi
day-fri = Vendredi
day-sat = Samedi
day-sun = Dimanche
hours-start = Début
hours-end = Fin
profile-saved = Profil enregistré.
password-change-title = Changer de mot de passe
current-password = Mot de passe actuel
password-change-submit = Changer le mot de passe
password-changed = Mot de passe changé. Vos autres sessions ont été fermées.
security-title = Sécurité
totp-on = La double authentification est activée.
totp-off = La double authentification n’est pas activée.
totp-replace = Changer de téléphone
totp-enable = L’activer
sessions-title = Mes sessions
sessions-caption = Appareils actuellement connectés à votre compte
session-device = Appareil
session-ip = Adresse IP
session-started = Connexion
session-last-seen = Dernière activité
session-this-one = cette session
session-revoke = Fermer
security-log-title = Activité récente du compte
security-log-caption = Dernières connexions et changements de sécurité
when = Date
event = Évènement
outcome = Résultat

## Jetons d’API
tokens-title = Jetons d’API
tokens-intro = Un jeton permet à un programme d’utiliser l’API de Relais en votre nom (documentation : /api/v1/openapi.json). Il a les mêmes droits que vous, limités à sa portée.
tokens-caption = Jetons actifs
token-name = Nom du jeton
token-scopes = Portée
scope-files = Fichiers (mot de passe d'application WebDAV)
scope-files-hint = Pour ouvrir les documents dans l'explorateur de fichiers ou une suite bureautique : connectez-vous à cette adresse avec votre adresse e-mail et le jeton comme mot de passe. Un jeton « Fichiers » ne sert qu'à cela.
token-expiry = Expire après (jours)
token-create = Créer un jeton
token-created = Jeton créé.
token-secret = Votre nouveau jeton
token-shown-once = Copiez-le maintenant : il ne sera plus affiché.
token-revoke-named = Révoquer le jeton { $name }
scopes-required = Choisissez au moins une portée.
expiry-invalid = Indiquez un nombre de jours entre 1 et la durée maximale autorisée (366 sauf réglage de votre administrateur).
limit-out-of-range = La limite doit être comprise entre 1 et 500.
cursor-invalid = Cette page de résultats ne correspond plus à la liste : reprenez depuis la première page.

## Tâches de fond
jobs-title = Tâches de fond
jobs-intro = Les tâches d’entretien (points de contrôle du journal, durées de conservation, purges, rechiffrement) et les traitements longs. Une tâche en échec est relancée avec un délai croissant.
jobs-caption = Tâches récentes
job-kind = Tâche
job-attempts = Essais
job-next-run = Prévue à
job-error = Dernière erreur

## Administration
admin-people = Personnes
admin-teams = Équipes et sites
invite-person = Ajouter une personne
invite-intro = Relais crée le compte et vous donne un lien d’activation à usage unique, à transmettre à la personne.
invite-submit = Créer le compte
people-caption = Personnes de l’organisation
roles = Rôles
teams = Équipes
status = Statut
active = Actif
deactivated = Désactivé
job-title = Fonction
account-actions = Gestion du compte
password-reset-issue = Créer un lien de nouveau mot de passe
second-factor-reset = Réinitialiser la double authentification
deactivate = Désactiver le compte
reactivate = Réactiver le compte
person-deactivated-notice = Compte désactivé : toutes ses sessions ont été fermées.
person-reactivated-notice = Compte réactivé.
second-factor-reset-notice = Double authentification réinitialisée : la personne la configurera à sa prochaine connexion.
invitation-created = Compte créé
password-reset-created = Lien de nouveau mot de passe créé
link-for = Lien à usage unique pour { $name }.
link-hand-over = Transmettez-le par un autre canal qu’un e-mail non sécurisé (en main propre, SMS, téléphone). Il ne sera plus affiché.
one-time-link = Lien à usage unique
back-to-person = Retour à la fiche
teams-caption = Équipes de l’organisation
team-name = Nom de l’équipe
site = Site
no-site = Aucun site
members = Membres
team-delete-named = Supprimer l’équipe { $name }
team-create = Créer une équipe
team-created = Équipe créée.
site-create = Créer un site
site-name = Nom du site
site-created = Site créé.

kek-warning = La clé de chiffrement principale (kek.key) est dans le dossier de données. Sauvegardez-la à part, hors des sauvegardes de la base : sans elle, les données chiffrées sont illisibles ; avec les sauvegardes, elle les rend lisibles.

## Journal d’audit
audit-title = Journal d’audit
audit-filters = Filtres du journal
audit-person = Personne (adresse e-mail)
audit-patient = Patient (identifiant)
audit-action = Action
audit-from = Du
audit-to = Au
audit-filter = Filtrer
audit-export = Exporter (JSON Lines)
audit-caption = Évènements, du plus récent au plus ancien
audit-object = Objet
audit-actor = Auteur
audit-empty = Aucun évènement ne correspond à ces filtres.
audit-older = Évènements plus anciens
person-unknown = Aucune personne de l’organisation n’a cette adresse.
date-invalid = Date invalide (AAAA-MM-JJ).

## Rôles
role-admin = Administrateur
role-admin-text = gère les personnes, les équipes et les réglages
role-manager = Manager
role-manager-text = organise les équipes et voit des indicateurs collectifs
role-coordinator = Coordinateur
role-coordinator-text = planifie les tournées et suit les patients
role-nurse = Infirmier
role-nurse-text = soins et dossiers des patients suivis
role-aide = Aide-soignant
role-aide-text = soins et dossiers des patients suivis
role-staff = Personnel
role-staff-text = sans accès aux données des patients
role-dpo = Délégué à la protection des données
role-dpo-text = journal d’audit et demandes RGPD
role-hr = Ressources humaines
role-hr-text = postes télétravaillables, charte et avenants de télétravail
role-cse = Représentant·e du personnel (CSE)
role-cse-text = indicateurs de charge de travail des équipes, en lecture seule
admin-organisation = Organisation
settings-saved = Réglages enregistrés.
presence-setting = Preuve de présence au domicile
presence-setting-help = Avec la carte du domicile, l'intervenant scanne son QR code ou saisit son code à l'arrivée et au départ ; sans elle, il enregistre son arrivée et son départ d'un seul geste depuis sa journée (pointage déclaratif). Dans les deux cas, l'heure du téléphone est gardée et les écarts au planning vont dans les anomalies.
presence-setting-card = Exiger la carte du domicile à l'arrivée et au départ
geolocation-setting = Position à l'arrivée et au départ
geolocation-setting-help = Si vous l'activez, le téléphone de l'intervenant envoie sa position au moment où il enregistre son arrivée ou son départ chez un patient, et seulement à ce moment : jamais entre les visites, jamais en continu. L'intervenant le voit sur sa tournée et sur la page « Ce que mon organisation voit de moi » ; il peut refuser l'accès à la position sur son téléphone, le pointage est alors enregistré sans elle. Informez les équipes et le CSE avant de l'activer (recommandations de la CNIL sur la géolocalisation des salariés).
geolocation-setting-enable = Enregistrer la position à l'arrivée et au départ

## Security notices and step-up
totp-step-up-intro = Pour protéger votre compte, confirmez d’abord qu’il s’agit bien de vous.
totp-step-up-password = Votre mot de passe actuel
totp-step-up-current-code = Code de votre application actuelle (ou un code de secours)
totp-new-code = Code à 6 chiffres affiché par la nouvelle application
totp-current-code-wrong = Ce code ne correspond pas à votre application actuelle ni à un code de secours inutilisé.
notice-second-factor-changed-subject = Relais : votre double authentification a été modifiée
notice-second-factor-changed-body =
    Bonjour,

    La double authentification de votre compte Relais vient d’être activée ou déplacée vers une nouvelle application. Vos autres sessions ont été fermées.

    Si ce n’est pas vous, prévenez immédiatement votre administrateur.
notice-password-guessing-subject = Relais : tentatives de connexion sur votre compte
notice-password-guessing-body =
    Bonjour,

    De nombreux mots de passe erronés ont été essayés sur votre compte Relais depuis plusieurs adresses. Les tentatives sont ralenties ; votre propre connexion reste possible.

    Si vous n’y êtes pour rien, vérifiez que votre mot de passe est unique et prévenez votre administrateur.

## Dates

## Copy, download, print
tool-copy = Copier
tool-copied = Copié.
tool-download = Télécharger
tool-print = Imprimer
recovery-codes-file = relais-codes-de-secours.txt


nav-collapse = Réduire ou déplier le menu
today-title = Aujourd’hui
today-unread = { $count ->
    [0] Aucune notification non lue
    [one] 1 notification non lue
   *[other] { $count } notifications non lues
}
today-visits = { $count ->
    [0] Aucune visite prévue pour vous aujourd’hui
    [one] 1 visite aujourd’hui
   *[other] { $count } visites aujourd’hui
}
today-to-plan = { $count ->
    [0] Toutes les visites de la semaine sont affectées
    [one] 1 visite à affecter cette semaine
   *[other] { $count } visites à affecter cette semaine
}
today-next-consultation = Prochaine téléconsultation
today-admin-text = Personnes, équipes, sites, paramètres et journal d’audit.
today-transparency = Ce que l’organisation voit de moi
today-transparency-text = Vos pointages, heures et données enregistrées, consultables à tout moment.
first-steps = Premiers pas
first-steps-text = Votre organisation est prête. Voici les étapes pour que l’équipe puisse commencer.
first-step-organisation = Vérifier le fuseau horaire et les paramètres
first-step-organisation-text = Les horaires, le droit à la déconnexion et les plannings en dépendent.
first-step-teams = Créer les équipes et les sites
first-step-teams-text = Par exemple « Équipe Nord » et « Antenne de Vitré ».
first-step-people = Inviter les personnes
first-step-people-text = Chacun reçoit un lien d’invitation à usage unique.
first-step-patients = Importer les patients
first-step-patients-text = Depuis votre logiciel de soins (FHIR) ou un fichier CSV.
step-done = Fait

# The design system page
design-title = Système de conception
design-intro = Les jetons et composants dont chaque écran de Relais est fait. Lucide fournit les icônes.
design-colours = Couleurs
design-buttons = Boutons
design-primary = Action principale
design-secondary = Action secondaire
design-quiet = Action discrète
design-danger = Action risquée
design-icon-button = Plus d’actions
design-badges = Badges et chiffres
design-info = Information
design-avatars = Avatars
design-dates = Dates et nombres
design-states = États des visites
design-feedback = Messages, chargement, état vide
design-notice = C’est fait.
design-info-text = Une information utile.
design-warning = Attention : à vérifier.
design-empty = Rien ici pour l’instant.
design-form = Formulaire avec erreur
design-field = Nom de l’équipe
design-check = Me prévenir par e-mail
design-table = Tableau
design-icons = Icônes
close = Fermer
today-protocols-to-read = { $count ->
    [one] { $count } page à lire
   *[other] { $count } pages à lire
}
today-protocols-up-to-date = Vous êtes à jour des protocoles de l'équipe.
