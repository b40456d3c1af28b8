//! The demo's people and teams.

use crate::org::Role;

pub(super) struct DemoPerson {
    pub(super) name: &'static str,
    pub(super) email: &'static str,
    pub(super) job: &'static str,
    pub(super) phone: &'static str,
    pub(super) role: Role,
    pub(super) team: Option<usize>,
}

pub(super) const TEAMS: [&str; 3] = ["Équipe Nord", "Équipe Sud", "Secrétariat et RH"];
/// The care teams (the third is the administrative office).
pub(super) const CARE_TEAMS: usize = 2;

const fn person(
    name: &'static str,
    email: &'static str,
    job: &'static str,
    phone: &'static str,
    role: Role,
    team: Option<usize>,
) -> DemoPerson {
    DemoPerson { name, email, job, phone, role, team }
}

pub(super) const PEOPLE: [DemoPerson; 23] = [
    person(
        "Claire Dubois",
        "admin@tilleuls.demo",
        "Responsable informatique",
        "02 99 00 00 01",
        Role::Admin,
        None,
    ),
    person(
        "Hélène Marchand",
        "direction@tilleuls.demo",
        "Directrice",
        "02 99 00 00 02",
        Role::Manager,
        Some(2),
    ),
    person(
        "Sophie Lefèvre",
        "coordination.nord@tilleuls.demo",
        "Infirmière coordinatrice",
        "02 99 00 00 03",
        Role::Coordinator,
        Some(0),
    ),
    person(
        "Marc Guérin",
        "coordination.sud@tilleuls.demo",
        "Infirmier coordinateur",
        "02 99 00 00 04",
        Role::Coordinator,
        Some(1),
    ),
    person(
        "Isabelle Roux",
        "coordination@tilleuls.demo",
        "Infirmière coordinatrice adjointe",
        "02 99 00 00 05",
        Role::Coordinator,
        None,
    ),
    person(
        "Julie Bernard",
        "julie.bernard@tilleuls.demo",
        "Infirmière",
        "06 10 00 00 01",
        Role::Nurse,
        Some(0),
    ),
    person(
        "Thomas Petit",
        "thomas.petit@tilleuls.demo",
        "Infirmier",
        "06 10 00 00 02",
        Role::Nurse,
        Some(1),
    ),
    person(
        "Nadia Benali",
        "nadia.benali@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 03",
        Role::Aide,
        Some(0),
    ),
    person(
        "Karine Le Goff",
        "karine.legoff@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 04",
        Role::Aide,
        Some(0),
    ),
    person(
        "Paul Morel",
        "paul.morel@tilleuls.demo",
        "Aide-soignant",
        "06 10 00 00 05",
        Role::Aide,
        Some(0),
    ),
    person(
        "Emma Girard",
        "emma.girard@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 06",
        Role::Aide,
        Some(0),
    ),
    person(
        "Sandrine Robin",
        "sandrine.robin@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 07",
        Role::Aide,
        Some(0),
    ),
    person(
        "Fatou Diallo",
        "fatou.diallo@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 08",
        Role::Aide,
        Some(1),
    ),
    person(
        "Lucas Fontaine",
        "lucas.fontaine@tilleuls.demo",
        "Aide-soignant",
        "06 10 00 00 09",
        Role::Aide,
        Some(1),
    ),
    person(
        "Chloé Renaud",
        "chloe.renaud@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 10",
        Role::Aide,
        Some(1),
    ),
    person(
        "Yann Le Bihan",
        "yann.lebihan@tilleuls.demo",
        "Aide-soignant",
        "06 10 00 00 11",
        Role::Aide,
        Some(1),
    ),
    person(
        "Manon Caron",
        "manon.caron@tilleuls.demo",
        "Aide-soignante",
        "06 10 00 00 12",
        Role::Aide,
        Some(1),
    ),
    person(
        "Caroline Besnard",
        "rh@tilleuls.demo",
        "Responsable des ressources humaines",
        "02 99 00 00 20",
        Role::Hr,
        Some(2),
    ),
    person(
        "Nathalie Girard",
        "secretariat@tilleuls.demo",
        "Secrétaire médicale",
        "02 99 00 00 21",
        Role::Staff,
        Some(2),
    ),
    person(
        "Karim Haddad",
        "accueil@tilleuls.demo",
        "Secrétaire médical",
        "02 99 00 00 22",
        Role::Staff,
        Some(2),
    ),
    person(
        "Émilie Fontaine",
        "facturation@tilleuls.demo",
        "Assistante de facturation",
        "02 99 00 00 23",
        Role::Staff,
        Some(2),
    ),
    person(
        "Thomas Le Gall",
        "dim@tilleuls.demo",
        "Technicien DIM",
        "02 99 00 00 24",
        Role::Staff,
        Some(2),
    ),
    person(
        "Sophie Lemaire",
        "dpo@tilleuls.demo",
        "Déléguée à la protection des données",
        "02 99 00 00 25",
        Role::Dpo,
        None,
    ),
];

/// A demo person's address at `domain` (a practice copy has its own).
pub fn address(person: usize, domain: &str) -> Option<String> {
    let local = PEOPLE.get(person)?.email.split('@').next()?;
    Some(format!("{local}@{domain}"))
}

/// The demo's nurse of the north team: who a practice space signs in as.
pub const PRACTICE_PERSON: usize = 5;
