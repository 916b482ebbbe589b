"""The base of every devtools command: none runs where DEBUG is off.

DEBUG is off in production (DJANGO_DEBUG=false), and these commands write what
production must never hold: demo accounts that share one published password,
or a benchmark's generated people and listings. A machine with DEBUG off that is
not production (a staging copy, say) can still run them with FORCE_FLAG."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FORCE_FLAG = "--i-know-this-is-not-production"


class DevtoolsCommand(BaseCommand):
    #: What the command would write, for the refusal: "it would ...".
    writes = "fill the database with generated data"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            FORCE_FLAG,
            action="store_true",
            dest="not_production",
            help="run even though DEBUG is off: only where this database is not "
            "production's",
        )
        return parser

    def execute(self, *args, **options):
        # Before anything else, system checks included: refused, it writes nothing.
        if not settings.DEBUG and not options.get("not_production"):
            name = type(self).__module__.rpartition(".")[2]
            raise CommandError(
                f"{name} refuses to run with DEBUG off (DJANGO_DEBUG=false), as in "
                f"production: it would {self.writes}. Run it where DJANGO_DEBUG is "
                f"unset or true, or add {FORCE_FLAG} if this database is not "
                "production's."
            )
        return super().execute(*args, **options)


class BenchCommand(DevtoolsCommand):
    """A benchmark: `benchmark` is called with the options named in `arguments`
    (renamed by `renamed`), the command's output and its progress log; a
    refusal of the benchmark (`refusals`) is a command error."""

    benchmark = None  # the benchmark's function, set by each command
    arguments: tuple[str, ...] = ()
    renamed: dict[str, str] = {}
    refusals: tuple[type[Exception], ...] = (ValueError,)

    def handle(self, *args, **options):
        self.stderr.style_func = None  # progress, not errors
        values = {
            self.renamed.get(name, name): options[name] for name in self.arguments
        }
        try:
            self.benchmark(**values, out=self.stdout, log=self.stderr)
        except self.refusals as error:
            raise CommandError(str(error)) from error
