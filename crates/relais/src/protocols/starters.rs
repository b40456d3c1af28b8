//! Starting texts a team adapts: its usage protocol and the IT security rules, written for a
//! home-care nursing service (SSIAD), in French and English.

use super::model::ProtocolKind;
use crate::i18n::Lang;

const USAGE_FR: &str = "# Protocole d'usage de l'équipe

Ce protocole dit comment l'équipe utilise Relais. Il est relu ensemble chaque année et à chaque \
changement d'organisation.

## Le matin
1. Ouvrir d'abord **Aujourd'hui** : la tournée du jour et les messages marqués urgents.
2. Lire ensuite les transmissions de la veille dans le canal de l'équipe.
3. Les autres messages attendent la pause ou la fin de tournée.

## Pendant la tournée
- Pointer l'arrivée et le départ chez chaque patient ; la tournée fonctionne **hors connexion** et \
tout part au retour du réseau.
- Une information sur un patient va dans le compte rendu de visite, jamais dans un SMS ou une \
messagerie personnelle.
- En cas d'urgence vitale : le 15 d'abord, le bureau ensuite.

## Quand la connexion coupe
Continuer la tournée comme d'habitude. Si le téléphone ne répond plus, appeler le bureau \
(numéro affiché dans le canal de l'équipe) et noter à la main ; saisir au retour.

## Où vont les fichiers
- Procédures et protocoles de soins : espace de l'équipe, dossier « Procédures ».
- Formulaires vierges : dossier « Formulaires ».
- Documents d'un patient : reliés au patient, jamais dans un espace personnel.
- Aucune clé USB, aucun envoi par courriel personnel.

## Joindre quelqu'un
- D'astreinte : le numéro est épinglé dans le canal de l'équipe.
- Hors de vos horaires, Relais ne vous notifie pas (droit à la déconnexion) ; un message urgent \
passe, et il doit le rester.

## Messages
- Un message par sujet ; répondre dans le fil.
- @mentionner la personne concernée plutôt que tout le canal.
- « Urgent » seulement si cela ne peut pas attendre la fin de la tournée.
";

const USAGE_EN: &str = "# The team's usage protocol

This protocol says how the team uses Relais. It is read again together every year and whenever \
the organisation changes.

## In the morning
1. Open **Today** first: the day's round and the messages marked urgent.
2. Then read yesterday's handovers in the team's channel.
3. Other messages wait for the break or the end of the round.

## During the round
- Check in and out at each patient's home; the round works **offline** and everything is sent \
when the network comes back.
- Information about a patient goes in the visit report, never in a text message or a personal \
messaging app.
- In a life-threatening emergency: call 15 first, the office next.

## When the connection drops
Carry on with the round as usual. If the phone stops answering, call the office (the number is \
in the team's channel) and write by hand; enter it when back.

## Where files go
- Care procedures and protocols: the team's space, folder \"Procedures\".
- Blank forms: folder \"Forms\".
- A patient's documents: linked to the patient, never in a personal space.
- No USB keys, nothing sent by personal e-mail.

## Reaching someone
- On call: the number is pinned in the team's channel.
- Outside your hours Relais does not notify you (right to disconnect); an urgent message gets \
through, and should stay rare.

## Messages
- One message per subject; answer in the thread.
- @mention the person concerned rather than the whole channel.
- \"Urgent\" only when it cannot wait until the end of the round.
";

const SECURITY_FR: &str = "# Règles de sécurité informatique

Ces règles protègent les données des patients et les vôtres (PGSSI-S, RGPD).

## Comptes
- Votre compte est personnel : on ne prête ni son téléphone déverrouillé ni son mot de passe.
- La double authentification est obligatoire dès qu'on voit des données de santé.
- Un téléphone perdu ou volé se signale **le jour même** au bureau : les sessions sont fermées \
à distance.

## Téléphones et postes
- Verrouillage automatique de l'écran après une minute au plus.
- Mises à jour du système faites dès qu'elles sont proposées.
- Pas de capture d'écran de données de patient.

## Données des patients
- Elles restent dans Relais : pas de copie sur une clé USB, dans un cloud personnel ou par \
courriel personnel.
- Un lien de partage vers l'extérieur se fait avec un mot de passe envoyé par un autre canal \
(SMS, téléphone), et une date d'expiration courte.

## En cas de doute
Un message étrange, une pièce jointe inattendue, un appel qui demande un code : ne rien ouvrir, \
prévenir le référent informatique.
";

const SECURITY_EN: &str = "# IT security rules

These rules protect the patients' data and yours (French health data security policy, GDPR).

## Accounts
- Your account is yours alone: never lend an unlocked phone or your password.
- Two-factor sign-in is required as soon as you see health data.
- Report a lost or stolen phone to the office **the same day**: its sessions are closed \
remotely.

## Phones and computers
- The screen locks itself after one minute at most.
- System updates are installed as soon as they are offered.
- No screenshots of patient data.

## Patients' data
- It stays in Relais: no copies on USB keys, in a personal cloud or by personal e-mail.
- A share link to someone outside carries a password sent by another channel (text message,
phone call) and a short expiry.

## When in doubt
An odd message, an unexpected attachment, a call asking for a code: open nothing, tell the IT
contact person.
";

/// The starting text for a kind of page, in `lang` (empty for "other").
pub fn starter(kind: ProtocolKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ProtocolKind::Usage, Lang::Fr) => USAGE_FR,
        (ProtocolKind::Usage, Lang::En) => USAGE_EN,
        (ProtocolKind::Security, Lang::Fr) => SECURITY_FR,
        (ProtocolKind::Security, Lang::En) => SECURITY_EN,
        (ProtocolKind::Other, _) => "",
    }
}
