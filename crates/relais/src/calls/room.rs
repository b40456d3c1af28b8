//! Call rooms on this instance: who is in which room, and a queue to each participant. Signalling
//! only ever goes to a participant of the sender's own room.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::mpsc;

use super::MAX_PARTICIPANTS;

/// Frames waiting for one participant; a participant this far behind is not reading.
const QUEUE: usize = 256;

#[derive(Default)]
pub struct Rooms {
    rooms: Mutex<HashMap<String, Vec<Participant>>>,
}

struct Participant {
    peer: String,
    name: String,
    queue: mpsc::Sender<String>,
}

/// A place in a room: one's peer id, the others already there, and one's queue of frames.
pub struct Joined {
    pub peer: String,
    pub others: Vec<(String, String)>,
    pub frames: mpsc::Receiver<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Full,
    /// The addressee is not in the sender's room (gone, or never there).
    NoSuchPeer,
}

impl Rooms {
    /// Enters `room` as `name`, unless it already holds [`MAX_PARTICIPANTS`].
    pub fn join(&self, room: &str, name: &str) -> Result<Joined, Refusal> {
        let mut rooms = self.rooms.lock().map_err(|_| Refusal::Full)?;
        let participants = rooms.entry(room.to_string()).or_default();
        if participants.len() >= MAX_PARTICIPANTS {
            return Err(Refusal::Full);
        }
        let (queue, frames) = mpsc::channel(QUEUE);
        let peer = crate::secrets::random_token(9);
        let others = participants.iter().map(|p| (p.peer.clone(), p.name.clone())).collect();
        participants.push(Participant { peer: peer.clone(), name: name.to_string(), queue });
        Ok(Joined { peer, others, frames })
    }

    /// Leaves; the room goes when its last participant does.
    pub fn leave(&self, room: &str, peer: &str) {
        if let Ok(mut rooms) = self.rooms.lock()
            && let Some(participants) = rooms.get_mut(room)
        {
            participants.retain(|p| p.peer != peer);
            if participants.is_empty() {
                rooms.remove(room);
            }
        }
    }

    /// Sends `frame` to one participant of `room`.
    pub fn send_to(&self, room: &str, peer: &str, frame: String) -> Result<(), Refusal> {
        let rooms = self.rooms.lock().map_err(|_| Refusal::NoSuchPeer)?;
        let participant = rooms
            .get(room)
            .and_then(|participants| participants.iter().find(|p| p.peer == peer))
            .ok_or(Refusal::NoSuchPeer)?;
        deliver(participant, frame);
        Ok(())
    }

    /// Sends `frame` to everyone in `room` but `from`.
    pub fn broadcast(&self, room: &str, from: &str, frame: &str) {
        if let Ok(rooms) = self.rooms.lock()
            && let Some(participants) = rooms.get(room)
        {
            for participant in participants.iter().filter(|p| p.peer != from) {
                deliver(participant, frame.to_string());
            }
        }
    }

    /// Participants in `room` now.
    pub fn count(&self, room: &str) -> usize {
        self.rooms.lock().map(|rooms| rooms.get(room).map_or(0, Vec::len)).unwrap_or(0)
    }

    /// Rooms with someone in them, on this instance.
    pub fn active(&self) -> usize {
        self.rooms.lock().map(|rooms| rooms.len()).unwrap_or(0)
    }
}

fn deliver(participant: &Participant, frame: String) {
    if participant.queue.try_send(frame).is_err() {
        tracing::warn!(peer = %participant.peer, "call participant not reading: frame dropped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_room_holds_six_and_frames_reach_only_their_addressee_in_the_same_room() {
        let rooms = Rooms::default();
        let mut first = rooms.join("a", "Anne").unwrap();
        let mut second = rooms.join("a", "Paul").unwrap();
        assert_eq!(second.others, vec![(first.peer.clone(), "Anne".to_string())]);
        let elsewhere = rooms.join("b", "Eve").unwrap();
        assert_eq!(rooms.send_to("a", &elsewhere.peer, "x".into()), Err(Refusal::NoSuchPeer));
        rooms.send_to("a", &second.peer, "offer".into()).unwrap();
        assert_eq!(second.frames.try_recv().unwrap(), "offer");
        rooms.broadcast("a", &second.peer, "hand");
        assert_eq!(first.frames.try_recv().unwrap(), "hand");
        assert!(second.frames.try_recv().is_err(), "not to oneself");
        for n in 2..MAX_PARTICIPANTS {
            rooms.join("a", &format!("p{n}")).unwrap();
        }
        assert_eq!(rooms.join("a", "seventh").err(), Some(Refusal::Full));
        rooms.leave("b", &elsewhere.peer);
        assert_eq!((rooms.count("a"), rooms.count("b"), rooms.active()), (6, 0, 1));
    }
}
