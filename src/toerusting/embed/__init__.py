"""The tab inside the council information system (RIS): signed launch, embedded pages, frame policy."""
