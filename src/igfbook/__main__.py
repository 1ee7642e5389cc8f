from igfbook.cli import main

raise SystemExit(main())
