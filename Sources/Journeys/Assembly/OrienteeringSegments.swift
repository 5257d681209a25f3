import Foundation

/// Summary of a stretch of consecutive stops that lets moves be checked in O(1) by gluing
/// stretches together (the concatenation rules of Kindervater–Savelsbergh and Vidal et al.).
///
/// Starting service at the first stop at time `t` with `earliest <= t <= latest` finishes the
/// stretch at `max(t, earliest) + duration` without breaking any window inside it.
struct OrienteeringSegment: Sendable {
  var duration: Double
  var earliest: Double
  var latest: Double
  var first: Int32
  var last: Int32
  var feasible: Bool

  /// Time at which the stretch ends when started as early as possible.
  var finish: Double { earliest + duration }
}

extension OrienteeringData {
  /// A stretch of one stop; the depot's window is the whole tour.
  @inline(__always)
  func single(_ v: Int, tour: Int) -> OrienteeringSegment {
    let early = v == 0 ? tourStart[tour] : open[tour * size + v]
    let late = close[tour * size + v]
    return OrienteeringSegment(
      duration: service[v], earliest: early, latest: late, first: Int32(v), last: Int32(v),
      feasible: early <= late)
  }

  /// Glues `b` after `a`; the result is infeasible when `b` cannot be reached in time.
  @inline(__always)
  func concat(_ a: OrienteeringSegment, _ b: OrienteeringSegment) -> OrienteeringSegment {
    var result = a
    result.last = b.last
    if !a.feasible || !b.feasible {
      result.feasible = false
      return result
    }
    let delta = travel[Int(a.last) * size + Int(b.first)]
    let reach = a.duration + delta
    if a.earliest + reach > b.latest + 1e-9 {
      result.feasible = false
      return result
    }
    let wait = max(b.earliest - reach - a.latest, 0)
    result.duration = a.duration + b.duration + delta + wait
    result.earliest = max(b.earliest - reach, a.earliest) - wait
    result.latest = min(b.latest - reach, a.latest)
    return result
  }

  /// Prefix and suffix summaries of a route, the building blocks of every move check.
  func summaries(
    _ route: OrienteeringRoute, tour: Int, prefix: inout [OrienteeringSegment],
    suffix: inout [OrienteeringSegment]
  ) {
    let count = route.stops.count
    prefix.removeAll(keepingCapacity: true)
    suffix.removeAll(keepingCapacity: true)
    var segment = single(Int(route.stops[0]), tour: tour)
    prefix.append(segment)
    for p in 1..<count {
      segment = concat(segment, single(Int(route.stops[p]), tour: tour))
      prefix.append(segment)
    }
    suffix.append(contentsOf: prefix)
    var tail = single(Int(route.stops[count - 1]), tour: tour)
    suffix[count - 1] = tail
    var p = count - 2
    while p >= 0 {
      tail = concat(single(Int(route.stops[p]), tour: tour), tail)
      suffix[p] = tail
      p -= 1
    }
  }

  /// Whether the incremental timing agrees that a route is feasible; guards every applied move
  /// against the two timing codes drifting apart by rounding.
  func isFeasible(_ route: OrienteeringRoute) -> Bool {
    for slack in route.maxShift where slack < -1e-9 { return false }
    return true
  }
}
