//! Reading Solomon / Gehring–Homberger VRPTW files and the best-known-solutions table.

use relais_planner::{Instance, Node};

/// Parses an instance file; errors name the line.
pub fn parse(text: &str) -> Result<(String, Instance), String> {
    let mut lines = text.lines().enumerate();
    let name = lines
        .by_ref()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .ok_or("empty file")?
        .to_string();
    let mut capacity = None;
    let mut vehicles = None;
    let mut points = Vec::new();
    let mut nodes = Vec::new();
    let mut section = "";
    for (index, line) in lines {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("VEHICLE") || trimmed.starts_with("CUSTOMER") {
            section = if trimmed.starts_with("VEHICLE") { "vehicle" } else { "customer" };
            continue;
        }
        if trimmed.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let fields: Result<Vec<f64>, _> =
            trimmed.split_whitespace().map(str::parse::<f64>).collect();
        let fields = fields.map_err(|e| format!("line {number}: {e}: {trimmed:?}"))?;
        match (section, fields.as_slice()) {
            ("vehicle", [count, cap]) => {
                vehicles = Some(*count as usize);
                capacity = Some(*cap);
            }
            ("customer", [id, x, y, demand, ready, due, service]) => {
                if *id as usize != nodes.len() {
                    return Err(format!(
                        "line {number}: customer {id} out of order (expected {})",
                        nodes.len()
                    ));
                }
                points.push((*x, *y));
                nodes.push(Node { demand: *demand, ready: *ready, due: *due, service: *service });
            }
            _ => return Err(format!("line {number}: unexpected line {trimmed:?}")),
        }
    }
    let capacity = capacity.ok_or("no VEHICLE section")?;
    let vehicles = vehicles.ok_or("no VEHICLE section")?;
    let instance =
        Instance::euclidean(&points, nodes, capacity, vehicles).map_err(|e| e.to_string())?;
    Ok((name, instance))
}

/// `instance → (vehicles, distance)` from `bks.csv`.
pub fn best_known(text: &str) -> std::collections::HashMap<String, (usize, f64)> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let name = fields.next()?.trim().to_uppercase();
            let vehicles = fields.next()?.trim().parse().ok()?;
            let distance = fields.next()?.trim().parse().ok()?;
            Some((name, (vehicles, distance)))
        })
        .collect()
}

/// Another solver's answers: `NAME<TAB>1 5 3;2 4` per line (anything after a second tab is a
/// remark). Errors name the line.
pub fn read_routes(
    text: &str,
) -> Result<std::collections::HashMap<String, Vec<Vec<usize>>>, String> {
    let mut answers = std::collections::HashMap::new();
    for (index, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or_default().trim().to_uppercase();
        let routes =
            fields.next().ok_or(format!("line {}: no routes after the name", index + 1))?;
        let parsed: Result<Vec<Vec<usize>>, _> = routes
            .split(';')
            .filter(|r| !r.trim().is_empty())
            .map(|r| r.split_whitespace().map(str::parse::<usize>).collect())
            .collect();
        let parsed = parsed.map_err(|e| format!("line {}: {e}", index + 1))?;
        answers.insert(name, parsed);
    }
    Ok(answers)
}

/// An independent check of a solution: every customer once, capacity, windows, depot return.
pub fn check(instance: &Instance, routes: &[Vec<usize>]) -> Result<f64, String> {
    let mut seen = vec![false; instance.len()];
    let mut total = 0.0;
    for (r, route) in routes.iter().enumerate() {
        let mut load = 0.0;
        let mut time = instance.nodes[0].ready;
        let mut at = 0;
        for &customer in route.iter().chain(std::iter::once(&0)) {
            if customer != 0 {
                if customer >= instance.len() || seen[customer] {
                    return Err(format!("route {r}: customer {customer} unknown or visited twice"));
                }
                seen[customer] = true;
                load += instance.nodes[customer].demand;
            }
            let leg = instance.distance(at, customer);
            total += leg;
            time = (time + instance.nodes[at].service + leg).max(instance.nodes[customer].ready);
            if time > instance.nodes[customer].due + 1e-6 {
                return Err(format!(
                    "route {r}: customer {customer} reached at {time:.2}, after {}",
                    instance.nodes[customer].due
                ));
            }
            at = customer;
        }
        if load > instance.capacity + 1e-6 {
            return Err(format!("route {r}: load {load} over capacity"));
        }
    }
    if let Some(missing) = (1..instance.len()).find(|c| !seen[*c]) {
        return Err(format!("customer {missing} not visited"));
    }
    Ok(total)
}

/// Reads an answer in the CVRPLIB solution format (`Route #1: 5 3 8` lines; other lines such as
/// `Cost …` are ignored).
pub fn read_solution(text: &str) -> Result<Vec<Vec<usize>>, String> {
    let mut routes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("Route #") else { continue };
        let (_, stops) = rest.split_once(':').ok_or(format!("line {}: no ':'", index + 1))?;
        let stops: Result<Vec<usize>, _> = stops.split_whitespace().map(str::parse).collect();
        routes.push(stops.map_err(|e| format!("line {}: {e}", index + 1))?);
    }
    Ok(routes)
}

/// An answer in the CVRPLIB solution format: `Route #1: 5 3 8` per vehicle, then `Cost …`.
pub fn write_solution(routes: &[Vec<usize>], distance: f64) -> String {
    let mut text = String::new();
    for (number, route) in routes.iter().enumerate() {
        let stops: Vec<String> = route.iter().map(usize::to_string).collect();
        text.push_str(&format!("Route #{}: {}\n", number + 1, stops.join(" ")));
    }
    text.push_str(&format!("Cost {distance:.2}\n"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "T1\n\nVEHICLE\nNUMBER     CAPACITY\n  2         50\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0      0   0   0   0   100   0\n    1      3   4   10   0   50   5\n";

    #[test]
    fn a_small_file_parses_with_euclidean_distances() {
        let (name, instance) = parse(SMALL).expect("valid file");
        assert_eq!(name, "T1");
        assert_eq!(instance.len(), 2);
        assert!((instance.distance(0, 1) - 5.0).abs() < 1e-12);
        assert_eq!(check(&instance, &[vec![1]]), Ok(10.0));
        assert!(check(&instance, &[]).is_err());
    }

    #[test]
    fn malformed_files_name_the_line() {
        let broken = SMALL.replace("    1      3   4   10", "    1      3   x   10");
        let error = parse(&broken).unwrap_err();
        assert!(error.starts_with("line 11:"), "{error}");
        let out_of_order = SMALL.replace("    1      3", "    7      3");
        assert!(parse(&out_of_order).unwrap_err().contains("out of order"));
        assert!(parse("").is_err());
        let negative = SMALL.replace("   0   50   5", "   0   -50   5");
        assert!(parse(&negative).is_err());
    }

    #[test]
    fn routes_of_another_solver_are_read_by_name() {
        let answers = read_routes("c101\t1 2;3\nR1_2_1\t\t(empty)\n").expect("valid");
        assert_eq!(answers["C101"], vec![vec![1, 2], vec![3]]);
        assert!(answers["R1_2_1"].is_empty());
        assert!(read_routes("C101\t1 x").unwrap_err().starts_with("line 1:"));
        assert!(read_routes("C101").unwrap_err().contains("no routes"));
    }

    #[test]
    fn answers_are_written_in_the_cvrplib_format() {
        let text = write_solution(&[vec![5, 3], vec![1]], 1234.567);
        assert_eq!(text, "Route #1: 5 3\nRoute #2: 1\nCost 1234.57\n");
        assert_eq!(read_solution(&text).expect("valid"), vec![vec![5, 3], vec![1]]);
        assert!(read_solution("Route #1 5 3").unwrap_err().contains("line 1"));
        assert!(read_solution("Route #1: 5 x").unwrap_err().contains("line 1"));
    }
}
