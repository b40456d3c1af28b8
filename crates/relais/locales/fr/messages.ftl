nav-messages = Messages
messages = Messages
messages-all = Toutes les conversations
messages-search = Rechercher dans les messages
messages-search-here = Rechercher ici
messages-pinned = Messages épinglés
messages-pinned-none = Aucun message épinglé.
messages-older = Messages plus anciens
messages-new = Nouveaux messages
messages-none = Pas encore de message. Écrivez le premier !
messages-mark-read = Marquer comme lu
conversations = Conversations
conversations-none = Aucune conversation pour l’instant.
conversation-archived-tag = archivée
conversation-not-joined = non rejoint
conversation-unread = { $count } message(s) non lu(s)
conversation-mentions = { $count } mention(s) non lue(s)
conversation-archived-text = Cette conversation est archivée : on peut la lire, plus y écrire.
conversation-members = Membres ({ $count })
conversation-join = Rejoindre
conversation-leave = Quitter
conversation-mute = Mettre en sourdine
conversation-unmute = Réactiver les notifications
conversation-archive = Archiver
conversation-unarchive = Désarchiver
conversation-invite = Inviter un ou une collègue
conversation-invite-button = Inviter
conversation-needs-someone = Choisissez au moins une personne.
conversation-group-too-big = Une conversation de groupe compte au plus 9 personnes ; créez plutôt un canal privé.
conversation-unknown-person = Cette personne n’existe pas ou n’est plus active.
channel-new = Nouveau canal
channel-name = Nom du canal
channel-topic = Sujet (facultatif)
channel-private = Canal privé (sur invitation)
channel-create = Créer le canal
channel-settings = Nom et sujet du canal
channel-save = Enregistrer
direct-new = Nouveau message direct ou de groupe
direct-people = Avec (une ou plusieurs personnes)
direct-open = Ouvrir la conversation
message-write = Votre message
message-send = Envoyer
message-markdown-hint = **gras**, *italique*, `code`, listes avec « - », liens ; @prenom.nom pour mentionner, @canal pour tout le monde.
message-urgent = Urgent
message-urgent-option = Message urgent (hors horaires de travail)
message-urgent-mark = Marquer comme urgent : notifie même les personnes hors service
message-urgent-reason-label = Motif de l’urgence (obligatoire, tracé)
message-urgent-reason = Indiquez le motif de l’urgence.
message-confirm-everyone = Ce message prévient tout le canal : confirmez-le.
message-confirm-everyone-box = Oui, prévenir les { $count } membres du canal
message-empty = Le message est vide.
message-too-long = Le message dépasse 8 000 caractères.
message-too-many-mentions = Trop de mentions dans un seul message (30 au plus).
message-thread-unknown = Ce fil de discussion n’existe pas dans cette conversation.
message-reaction-unknown = Cette réaction n’est pas proposée.
message-pinned = épinglé
message-edited = modifié
message-deleted-text = Message supprimé.
message-read-by = Lu par { $names }
message-replies = { $count } réponse(s)
message-actions = Actions
message-react = Réagir avec
message-reply = Répondre dans un fil
message-pin = Épingler
message-unpin = Désépingler
message-edit = Modifier le message
message-save = Enregistrer la modification
message-delete = Supprimer
message-delete-confirm = Supprimer ce message ?
message-thread = Fil de discussion
message-thread-replies = Réponses
message-back-to-conversation = Retour à la conversation
off-duty-until = { $name } est hors service jusqu’à
off-duty-delivered-then = votre message lui sera remis à ce moment-là.
typing-one = { $name } écrit…
search = Rechercher
search-words = Mots recherchés
search-in = Dans
search-everywhere = Toutes mes conversations
search-from = De
search-anyone = N’importe qui
search-since = Depuis le
search-until = Jusqu’au
search-results = { $count } résultat(s)
search-too-many-words = Huit mots au plus par recherche.
notifications = Notifications
notifications-none = Aucune notification.
notification-mention = On vous a mentionné dans { $place }
notification-message = Nouveau message dans { $place }
error-conversation-archived = Cette conversation est archivée.
error-conversation-direct-cannot-leave = On ne quitte pas une conversation à deux ; mettez-la en sourdine.
error-conversation-direct-cannot-invite = On n’invite personne dans une conversation à deux ; ouvrez une conversation de groupe.
error-conversation-not-a-channel = Seul un canal a un nom et un sujet.
error-message-deleted = Ce message a été supprimé.
notifications-allow = Recevoir les notifications du navigateur
notification-new = Relais : nouveau message pour vous
disconnect-indicators = Droit à la déconnexion : indicateurs d’équipe
disconnect-indicators-why = Chiffres d’équipe par semaine, chacun compté selon ses propres horaires ; jamais de chiffre par personne, et rien pour une équipe de moins de { $count } personnes.
disconnect-indicators-hidden = Cette équipe compte moins de { $count } personnes : ses chiffres ne sont pas affichés, ils désigneraient quelqu’un.
indicator-sent = Messages envoyés
indicator-sent-outside = dont hors horaires
indicator-received-outside = Notifications arrivées hors horaires
indicator-urgent-received = Urgences reçues
indicator-urgent-sent = Urgences envoyées
messaging-setting = Messagerie
messaging-urgent-roles = Qui peut envoyer un message urgent
messaging-urgent-roles-help = Un message urgent prévient même les personnes hors de leurs horaires ; chaque envoi demande un motif, est tracé et compté.
messaging-retention-days = Conservation des messages (jours, 0 = sans limite)
messaging-retention-help = Les messages plus anciens sont supprimés chaque heure, sauf les messages épinglés et leurs fils.
retention-days-invalid = Indiquez un nombre de jours entre 0 et 3650.
role-unknown = Ce rôle n’existe pas.
message-attach = Joindre un fichier
message-attach-file = Fichier (8 Mo au plus)
message-attach-caption = Légende (facultative)
message-attach-send = Envoyer le fichier
attachment-download = à télécharger
attachment-empty = Choisissez un fichier non vide.
attachment-quota = L’espace de stockage des fichiers de l’organisation est plein.
attachment-infected = Ce fichier contient un virus ; il n’a pas été enregistré.
attachment-scan-failed = L’antivirus n’a pas pu vérifier ce fichier ; réessayez plus tard ou prévenez l’administrateur.
announcement-title = Annonce du matin
announcement-time = Annonce du matin : heure d’ouverture (vide = aucune)
announcement-time-help = Chaque jour à cette heure, Relais ouvre un fil où chacun écrit une ligne sur sa journée.
announcement-lines = { $count } ligne(s) de l’équipe — écrire la mienne
announcement-team-lines = Les lignes de l’équipe
announcement-no-line = Personne n’a encore écrit sa ligne.
announcement-my-line = Ma ligne du jour (une seule ligne)
announcement-one-line = Une seule ligne par personne dans l’annonce du matin.
announcement-already-written = Vous avez déjà écrit votre ligne aujourd’hui ; modifiez-la plutôt.
nav-unread-notifications = { $count } notification(s) non lue(s)
digest-subject = Relais : { $count ->
    [one] 1 message non lu
   *[other] { $count } messages non lus
}
digest-subject-urgent = Relais : message urgent non lu
digest-hello = Bonjour { $name },
digest-intro = { $count ->
    [one] Un message vous attend dans Relais :
   *[other] { $count } messages vous attendent dans Relais :
}
digest-channel = { $count ->
    [one] 1 message non lu dans #{ $name }
   *[other] { $count } messages non lus dans #{ $name }
}
digest-mentions = { $count ->
    [one] 1 mention
   *[other] { $count } mentions
}
digest-direct = { $count ->
    [one] 1 message direct
   *[other] { $count } messages directs
}
digest-open = Pour les lire, ouvrez Relais : { $link }
digest-footer = Cet e-mail ne contient aucun message, seulement leur nombre. Il n’est jamais envoyé en dehors de vos horaires de travail, sauf message urgent. Pour ne plus le recevoir : page Notifications, « Résumé par e-mail ».
digest-preference = Résumé par e-mail
digest-preference-hint = Un e-mail, pendant vos horaires de travail, quand des mentions ou des messages directs restent non lus. Il dit où et combien, jamais le contenu.
digest-preference-on = Recevoir le résumé par e-mail
digest-preference-saved = Préférence enregistrée.
digest-preference-unavailable = L’envoi d’e-mails n’est pas configuré sur ce serveur.
