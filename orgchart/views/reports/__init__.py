"""Report content as data (tables and Word documents); the renderers are in orgchart.write."""
