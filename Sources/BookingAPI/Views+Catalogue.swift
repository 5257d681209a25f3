import Journeys

/// Catalogue values as the API shows them; texts in the requested language.
enum CatalogueViews {
  static func summary(_ site: Site, _ language: Language) -> Components.Schemas.SiteSummary {
    .init(
      id: site.id.rawValue, name: site.name, commune: site.commune,
      themes: site.themes.map(\.rawValue), guided: site.guided,
      summary: site.summary.text(in: language))
  }

  static func site(_ site: Site, _ language: Language) -> Components.Schemas.Site {
    let a = site.accessibility
    return .init(
      id: site.id.rawValue, name: site.name, commune: site.commune, address: site.address,
      location: .init(
        lat: site.location.latitude, lon: site.location.longitude,
        precision: .init(rawValue: site.location.precision.rawValue) ?? .approx),
      themes: site.themes.map(\.rawValue), visitMinutes: site.visitMinutes, guided: site.guided,
      languages: site.languages.map(\.code),
      capacity: .init(
        maxGroupSize: site.capacity.maxGroupSize,
        simultaneousGroups: site.capacity.simultaneousGroups,
        groupsPerDay: site.capacity.groupsPerDay),
      openingHours: openingHours(site.openingHours, language),
      accessibility: .init(
        stepFree: a.stepFree, walkingKm: a.walkingKilometres,
        terrain: a.terrain.flatMap { .init(rawValue: $0.rawValue) }, notes: a.notes),
      summary: site.summary.text(in: language), sources: site.sources,
      estimated: site.estimated)
  }

  static func week(_ week: OpeningHours.Week) -> Components.Schemas.Week {
    .init(
      additionalProperties: Dictionary(
        uniqueKeysWithValues: week.map { ($0.key.rawValue, $0.value.map(\.description)) }))
  }

  static func openingHours(_ hours: OpeningHours, _ language: Language)
    -> Components.Schemas.OpeningHours
  {
    func reason(_ french: String?, _ english: String?) -> String? {
      language == .english ? english ?? french : french
    }
    return .init(
      weekly: week(hours.week),
      seasons: hours.seasons.map {
        .init(
          name: $0.name, from: $0.period.from.description, to: $0.period.to.description,
          weekly: week($0.week))
      },
      annualClosures: hours.annualClosures.map {
        .init(
          from: $0.period.from.description, to: $0.period.to.description,
          reason: reason($0.reason, $0.reasonInEnglish))
      },
      closures: hours.closures.map {
        .init(date: $0.date.description, reason: reason($0.reason, $0.reasonInEnglish))
      },
      publicHolidays: hours.publicHolidays == .open ? .open : .closed)
  }

  static func summary(_ journey: Journey, _ language: Language)
    -> Components.Schemas.JourneySummary
  {
    .init(
      id: journey.id.rawValue, version: journey.version, title: journey.title.text(in: language),
      themes: journey.themes.map(\.rawValue), languages: journey.languages.map(\.code),
      groupSize: .init(min: journey.groupSize.lowerBound, max: journey.groupSize.upperBound))
  }

  static func journey(_ journey: Journey, sites: [Site.ID: Site], _ language: Language)
    -> Components.Schemas.Journey
  {
    .init(
      id: journey.id.rawValue, version: journey.version, title: journey.title.text(in: language),
      description: journey.description.text(in: language),
      themes: journey.themes.map(\.rawValue), languages: journey.languages.map(\.code),
      groupSize: .init(min: journey.groupSize.lowerBound, max: journey.groupSize.upperBound),
      day: .init(start: journey.day.start.description, end: journey.day.end.description),
      stops: journey.stops.map { stop in
        .init(
          site: siteRef(stop.site, sites), kind: stopKind(stop.kind), minutes: stop.minutes,
          guided: stop.guided, mandatory: stop.mandatory,
          activity: stop.activity.text(in: language))
      })
  }

  static func siteRef(_ id: Site.ID, _ sites: [Site.ID: Site]) -> Components.Schemas.SiteRef {
    .init(id: id.rawValue, name: sites[id]?.name ?? id.rawValue)
  }

  static func stopKind(_ kind: Journey.StopKind) -> Components.Schemas.StopKind {
    switch kind {
    case .visit: .visit
    case .meeting: .meeting
    case .lunch: .lunch
    }
  }
}
