"""The Lab's report as the kit uses it: its reference, its verified quotations, its conclusions.

The primary source of the kit is the report of the first Medellín Lab (29 May - 2 June 2017), in
Spanish. Lessons quote it often, so the quotations live here once, as a table: every quotation a
lesson, an assignment, an exercise or a case attributes to the report must be found, character
for character, in :data:`QUOTATIONS`, and the data build checks that every row of the table is in
the report itself. That way a quotation cannot drift from its source without a test failing.

**Convention for the report's own spelling.** Quotations keep the report's spelling exactly,
typos included. Where a typo could mislead, ``[sic]`` follows it (for example ``circulo [sic]``
for *círculo*); an omission is written ``[...]`` (an ellipsis, ``...``, is read the same way).
Nothing else may change, except what typography allows: any quotation mark stands for any other
(a quotation inside a quotation changes its marks), the first letter may change case to fit the
sentence around it, a final full stop or comma may be left out, and a heading the report prints
in capitals may be quoted in sentence case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The report's full reference, as the kit cites it (the report names no author).
REPORT_REFERENCE: str = (
    "Medellín se ratifica como 'ciudad modelo' a nivel global con Medellín Lab (2017). Report "
    "of the first Medellín Lab, Medellín, 29 May - 2 June 2017, organised by the World Bank, "
    "USAID, 100 Resilient Cities (Rockefeller Foundation), the Alcaldía de Medellín and ACI "
    "Medellín. In Spanish; the report names no author and the kit knows no public web address "
    "for it."
)

#: How lessons and figures cite the report in one line.
REPORT_SHORT: str = "the Lab's report (Medellín Lab 2017)"

SIC = "[sic]"
OMISSION = "[...]"
_OMISSIONS = re.compile(r"\[\.\.\.\]|\.\.\.|…")
_QUOTE_MARKS = str.maketrans({"‘": '"', "’": '"', "“": '"', "”": '"', "'": '"'})


@dataclass(frozen=True)
class Quotation:
    """A passage of the report, verbatim, and the part of the report it comes from."""

    text: str
    part: str


def normalise(text: str) -> str:
    """Text compared as printed: one space between words, one kind of quotation mark."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTE_MARKS).split())


def fragments(quotation: str) -> list[str]:
    """The pieces of a quotation that must be verbatim: ``[sic]`` dropped, split at omissions."""
    text = normalise(quotation.replace(SIC, " "))
    pieces = (piece.strip(" ").rstrip(".,") for piece in _OMISSIONS.split(text))
    return [piece for piece in pieces if piece.strip(" .,;:")]


def _matches(piece: str, passages: list[str]) -> bool:
    pattern = re.compile(f"(?i:{re.escape(piece[0])}){re.escape(piece[1:])}")
    if any(pattern.search(p) for p in passages):
        return True
    capitals = piece.upper()
    return any(capitals in p for p in passages if p.isupper())


def is_verbatim(quotation: str, passages: list[str] | None = None) -> bool:
    """True when every fragment of ``quotation`` is in one of ``passages`` (default: the table).

    Why: a quotation of the report must be found character for character in the verified
    table; [sic] and [...] are the only marks allowed (see the module docstring).
    """
    if not isinstance(quotation, str):
        raise TypeError(f"a quotation is text, not {type(quotation).__name__}")
    hay = [normalise(p) for p in (passages if passages is not None else
                                  [q.text for q in QUOTATIONS])]
    pieces = fragments(quotation)
    return bool(pieces) and all(_matches(piece, hay) for piece in pieces)


@dataclass(frozen=True)
class Conclusion:
    """One of the report's ten conclusions: its opening words, a gloss, where the kit teaches it.

    ``taught_in`` pairs a lesson (its two-digit number) with a phrase that lesson must contain,
    so a test can tell when a lesson stops teaching a conclusion.
    """

    number: int
    opening_es: str
    gloss_en: str
    taught_in: tuple[tuple[str, str], ...]


#: The ten bullet points of the report's "CONCLUSIONES, LECCIONES Y APRENDIZAJES", in order.
CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(1, "Comprender las acciones de la ciudad en materia de seguridad y convivencia "
               "como intervenciones integrales y focalizadas",
               "Integral, focused actions, articulated with each other and with the city's "
               "institutions; disconnected actions cost more.",
               (("08", "acciones desconectadas"), ("05", "SIES-M"))),
    Conclusion(2, "Entender la seguridad como una misión compartida",
               "Security as a shared mission, not only the police's.",
               (("08", "misión compartida"), ("05", "misión compartida"))),
    Conclusion(3, "La importancia de realizar apuestas de ciudad",
               "City-wide commitments, long-term plans and public policies that outlast each "
               "government's term.",
               (("08", "superar los periodos de gobierno"), ("05", "trascendiera los periodos"))),
    Conclusion(4, "El conocimiento y entendimiento de la cultura metro",
               "Knowing and understanding the cultura metro of Medellín's integrated transport "
               "system.",
               (("08", "cultura metro"), ("00", "cultura metro"))),
    Conclusion(5, "Hay algunos ingredientes que son propios de algunas de las buenas prácticas "
               "de Medellín",
               "Some ingredients are Medellín's own, such as the resilience its citizens "
               "developed in the worst years of violence.",
               (("08", "la resiliencia que los ciudadanos desarrollaron"), ("04", "resiliencia"))),
    Conclusion(6, "La importancia de la difícil pero vital tarea de lograr una articulación "
               "institucional transversal e integral",
               "The hard but vital work of articulating institutions, and of working jointly "
               "with the community, academia and the private sector.",
               (("08", "articulación institucional transversal e integral"),
                ("05", "gobernanza colaborativa"))),
    Conclusion(7, "El trabajo manComunado con la población",
               "Working with the population builds trust, legitimacy and ownership, which make "
               "programmes last.",
               (("08", "sentido de pertenencia"), ("04", "sentido de pertenencia"))),
    Conclusion(8, "El valor de la metodología utilizada para desarrollar en conjunto la "
               "actividad del Medellín Lab",
               "The value of the Lab's own method: first-hand, in direct contact with the city "
               "and its actors.",
               (("08", "El valor de la metodología"), ("00", "El valor de la metodología"))),
    Conclusion(9, "El Medellín Lab como laboratorio vivo de prácticas",
               "The Lab as a living laboratory: horizontal, two-way learning among cities with "
               "similar problems.",
               (("08", "laboratorio vivo de prácticas"), ("00", "laboratorio vivo de prácticas"))),
    Conclusion(10, "La importancia y particularidad propia con que cuenta la ciudad con "
               "relación a los 6 ejes de transformación social de Medellín",
               "The city's six axes of social transformation, which the report names but does "
               "not list, made the model more feasible.",
               (("08", "6 ejes de transformación social"),
                ("00", "6 ejes de la transformación social"))),
)


def conclusion(number: int) -> Conclusion:
    """One of the ten conclusions by its number (1-10)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"number must be an int from 1 to 10, not {number!r}")
    for item in CONCLUSIONS:
        if item.number == number:
            return item
    raise ValueError(f"the report has conclusions 1 to {len(CONCLUSIONS)}, not {number}")


#: Spanish text in quotation marks that is not the report's: titles and sentences of the other
#: public sources in docs/sources.md, and expressions the kit puts in quotation marks, each with
#: where it comes from. They are held to that source, not to the report's text.
OTHER_SOURCES: dict[str, str] = {
    "En el 2008 cumplimos un sueño": "Centro de Desarrollo Cultural de Moravia, its own website",
    "el milagro de Medellín": "a common expression, in quotation marks because it is contested",
    "¿Cómo le fue a la administración municipal en materia de seguridad?":
        "Veeduría Medellín, 29 May 2019 (title)",
    "no tuvo lugar durante la última administración -2016-2019- que nuevamente vuelve a "
    "concentrar su accionar en los aspectos más punitivos": "Veeduría Medellín, 29 May 2019",
    "Récords en homicidios: las dos caras de Medellín": "El Colombiano, 8 April 2020 (title)",
    "Treinta años de homicidios en Medellín, Colombia, 1979-2008":
        "García et al., Cadernos de Saúde Pública, 2012 (title)",
    "Tecnología y coordinación para multiplicar los ojos de la seguridad urbana":
        "MIT Technology Review en español (title)",
    "Con 3200 cámaras y 11 agencias, así se monitorea la seguridad de Medellín":
        "Cadena 3, May 2023 (title)",
    "Policía y Ejército Nacional, Bomberos, Movilidad y Salud": "Cadena 3, May 2023",
    "en este mismo espacio de manera independiente, pero coordinada": "Cadena 3, May 2023",
}


def other_source(quotation: str) -> str | None:
    """The source of a quotation the kit takes from somewhere other than the report, if any."""
    wanted = normalise(quotation)
    for text, source in OTHER_SOURCES.items():
        if normalise(text) == wanted:
            return source
    return None


#: Verified passages of the report, each exactly as printed (whitespace aside). Every quotation
#: of the report in the kit is, fragment by fragment, part of one of these.
QUOTATIONS: tuple[Quotation, ...] = (
    Quotation('Medellín se ratifica como "ciudad modelo" a nivel global con Medellín Lab',
              'title'),
    Quotation('compartir el Modelo de Gestión Local de la Seguridad y Convivencia de Medellín',
              'introduction'),
    Quotation('En esta dinámica se privilegió el contacto directo con los actores locales',
              'introduction'),
    Quotation('La apertura del evento se dio a través de una actividad lúdica de interacción '
              'informal entre los participantes que permitió romper el hielo, identificar '
              'intereses, aspectos profesionales y personales',
              'day 1'),
    Quotation('Por medio de la carrera se buscó generar una visión y un acercamiento a diferentes '
              'referentes sociales, culturales y territoriales de la ciudad vinculados con '
              'elementos clave en la transformación de Medellín y las temáticas de seguridad '
              'urbana y resiliencia',
              'day 1'),
    Quotation('Se logró que los visitantes formaran su propia mirada de la ciudad a partir de un '
              'contacto vivencial con ella, así como con el intercambio de opiniones e ideas con '
              'los ciudadanos del común, permitiéndoles escuchar otras voces de la ciudad',
              'day 1'),
    Quotation('la cultura metro, la cual fue considerada por estos como toda una lección relativa '
              'al civismo, el sentido de pertenencia y el buen uso del Metro',
              'day 1'),
    Quotation('fue desde un principio inculcada por la Administración desde antes del '
              'funcionamiento del Metro, así como apropiada, integrada y practicada por los '
              'pasajeros hasta la actualidad',
              'day 1'),
    Quotation('prácticas interesantes y valiosas para garantizar una integración y el derecho a '
              'la ciudad de la población más vulnerable',
              'day 1'),
    Quotation('todo lo que se supiera sobre seguridad y convivencia en el mundo se borrara o '
              'desapareciera',
              'day 1'),
    Quotation('prácticas nocivas como el clientelismo y la corrupción',
              'day 1'),
    Quotation('la información, datos consolidados y conocimientos',
              'day 1'),
    Quotation('políticas públicas para garantizar una continuidad de los programas',
              'day 1'),
    Quotation('cambiar la lógica de responder a la violencia con más violencia',
              'day 1'),
    Quotation('una policía más comunitaria y menos represiva',
              'day 1'),
    Quotation('fortalecer los sistemas de información',
              'day 1'),
    Quotation('Para salir del circulo vicioso de la criminalidad y entrar en el círculo virtuoso '
              'de la seguridad y convivencia se necesita: tener un enfoque en políticas '
              'inclusivas, escuchar a la población, dar voz a los más vulnerables y eliminar la '
              'estigmatización',
              'day 1'),
    Quotation('realizada por Andrés Preciado, Subsecretario de Planeación de la Seguridad de la '
              'Alcaldía de Medellín',
              'day 1'),
    Quotation('la seguridad es un eje transversal de la labor de la administración, sobre la que '
              'deben concurrir áreas y perspectivas de otros ejes conceptuales institucionales',
              'day 1'),
    Quotation('en clave con el goce efectivo de los derechos y el desarrollo humano integral de '
              'los ciudadanos',
              'day 1'),
    Quotation('identifica la importancia de fortalecer las capacidades institucionales para '
              'asumir la planeación de la seguridad y convivencia con un liderazgo de la '
              'municipalidad',
              'day 1'),
    Quotation('un diálogo continuo con organismos de seguridad y justicia, y entidades de la '
              'escena departamental, metropolitano y nacional',
              'day 1'),
    Quotation('apuntándole a crear una corresponsabilidad de las entidades de la administración '
              'local en estos asuntos para garantizar una apuesta institucional integral de largo '
              'aliento y no solo del gobierno de turno',
              'day 1'),
    Quotation('se resaltó el accionar de la Política Pública dentro de varios campos de '
              'intervención como el de prevención temprana, reacción ante la comisión del hecho y '
              'la reparación',
              'day 1'),
    Quotation('Cada de uno de los campos de intervención está acompañado por la puesta en '
              'práctica de diferentes programas a cargo de diferentes instancias de la '
              'administración y con objetivos específicos',
              'day 1'),
    Quotation('Transversal a estos, resaltan 6 ejes de la transformación social de Medellín, que '
              'han hecho que la construcción del Modelo fuera más realizable',
              'day 1'),
    Quotation('la creación de esta Política Pública fue un proceso participativo y articulado de '
              'construcción de acuerdos colectivos con actores institucionales, académicos, '
              'empresarios y de la sociedad civil, a partir de la concertación y la promoción de '
              'un diálogo abierto',
              'day 1'),
    Quotation('el orden teórico del Modelo, y de sus fases',
              'day 1'),
    Quotation('Los éxitos son frágiles, se deben comprender los escenarios delincuenciales para '
              'continuar actuando de forma coordinada, integral y focalizada',
              'day 1'),
    Quotation('MODELO INTEGRAL DE GESTIÓN LOCAL DE LA SEGURIDAD Y LA CONVIVENCIA',
              'day 1'),
    Quotation('Modelo de gestión para la toma informada de desiciones',
              'day 1'),
    Quotation('la cultura metro y la movilidad como solución funcional y hecho generador de '
              'intercambio con el resto de la ciudad; el interés de abordar el tema de la '
              'seguridad y la convivencia como un problema multinivel que necesita una respuesta '
              'multívoca; la acción coordinada, integral y focalizada de la institución; la '
              'continuidad de la acción de la alcaldía en temas de seguridad, al concebirla como '
              'un tema de ciudad y no de gobiernos de turno; la concepción de factores como la '
              'recuperación del espacio público y la inclusión social como parte de la prevención '
              'del delito',
              'day 2'),
    Quotation('los invitados indicaron su agrado por la metodología para conocer la ciudad y '
              'entablar discusiones con los ciudadanos',
              'day 2'),
    Quotation('En el año 2002 la fuerza pública (en alianza con grupos paramilitares) realizó '
              'alrededor de seis operaciones militares con el objetivo de recuperar la hegemonía '
              'territorial. Producto de estas operaciones, que afectaron principalmente a la '
              'población civil y otorgaron control territorial a grupos paramilitares, empezaron '
              'a conformarse y fortalecerse procesos de organización y movilización social '
              'alrededor de la memoria de las víctimas y la defensa del territorio',
              'day 2'),
    Quotation('si bien la incursión militar del 2002 impulsó la organización y movilización '
              'social, desde sus inicios y al constituirse como "asentamiento" la Comuna 13 se ha '
              'caracterizado por recurrir a estas formas de participación',
              'day 2'),
    Quotation('intervenciones físicas como la construcción del Parque Biblioteca San Javier, las '
              'escaleras eléctricas, las unidades deportivas, el Metrocable',
              'day 2'),
    Quotation('el apoyo a la escuela popular de hip hop Kolacho, los grafitis, el acompañamiento '
              'al Comité de Memoria Histórica y las medidas de reparación administrativa',
              'day 2'),
    Quotation('presencia institucional y a su vez de empoderamiento social',
              'day 2'),
    Quotation('una perspectiva de creatividad, innovación y capacidad para asumir riesgos por '
              'parte de la administración y de los habitantes de la Comuna',
              'day 2'),
    Quotation('en la cual participan funcionarios de la Secretaría de Seguridad y Convivencia, '
              'Secretaría de la Juventud, Secretaría de Participación, Secretaría de Inclusión '
              'social y familia y Subsecretaría de Cultura ciudadana, EDU, Área Metropolitana, '
              'entre otros',
              'day 2'),
    Quotation('empoderamiento y participación de la comunidad genera un sentido de pertenencia '
              'por los programas y estructuras',
              'day 2'),
    Quotation('una mayor durabilidad y sostenibilidad de las intervenciones',
              'day 2'),
    Quotation('No debemos creer que todo está solucionado, debemos derrotar la cultura de la '
              'ilegalidad y combinar entre ataque al crimen e inversión social',
              'day 2'),
    Quotation('la involucración de la comunidad y la generación de una cultura del cuidado y '
              'sentido de pertenencia',
              'day 3'),
    Quotation('acciones reivindicadoras del proceso social y de la identidad',
              'day 3'),
    Quotation('el arte y el deporte como punta de lanza de la prevención',
              'day 3'),
    Quotation('conocer el proceso antes de llegar al escenario final o producto terminado, es '
              'decir, conocer cómo se lograron las mejoras y los métodos que se utilizaron para '
              'llegar a los resultados',
              'day 3'),
    Quotation('condiciones de hacinamiento, insuficiente infraestructura para educación, vivienda '
              'y salud',
              'day 3'),
    Quotation('Moravia, en 1976, fue declarado como depósito de basuras de la ciudad (Botadero a '
              'cielo abierto), el cual para 1983, cuando se produce el agotamiento y el cierre, '
              'habitaban alrededor de 17.000 personas en condiciones lamentables de precariedad',
              'day 3'),
    Quotation('En el año 2004 la municipalidad decide adelantar un programa de mejoramiento '
              'integral del barrio, denominado Macro proyecto de Moravia',
              'day 3'),
    Quotation('con tinte de prevención social y situacional',
              'day 3'),
    Quotation('La vinculación de los habitantes desde la etapa de diseño mismo del programa',
              'day 3'),
    Quotation('la gestión de la seguridad y la convivencia va desde la prevención más temprana',
              'day 3'),
    Quotation('la necesidad de considerar programas y proyectos que posibiliten la superación de '
              'las brechas de inequidad',
              'day 3'),
    Quotation('un concepto de Seguridad Humana para Medellín',
              'day 3'),
    Quotation('Si la comunidad no se mueve, el Estado tampoco se mueve',
              'day 3'),
    Quotation('el centro histórico y patrimonial de la Ciudad',
              'day 3'),
    Quotation('Museo Casa de la Memoria',
              'day 3'),
    Quotation('procesos para responder a los retos de cara a la reinserción de los desmovilizados '
              'de grupos armados y a las necesidades de las víctimas del conflicto',
              'day 3'),
    Quotation('puedan ingresar y/o continuar la educación regular y acceder a mejores puestos de '
              'trabajo',
              'day 3'),
    Quotation('se convirtió en un espacio de convivencia entre víctimas y victimarios (y grupos '
              'poblacionales vulnerables) donde también se prepara la convivencia',
              'day 3'),
    Quotation('busca romper círculos viciosos vulnerabilidad y violencia, tejiendo garantías para '
              'la no repetición',
              'day 3'),
    Quotation('con el fin de contribuir desde el ejercicio de la memoria, el diálogo y la '
              'reflexión a la comprensión y superación del conflicto armado y las diversas formas '
              'de violencia de Medellín, Antioquia y del país',
              'day 3'),
    Quotation('se ha convertido en un espacio simbólico y físico para entender el pasado y el '
              'presente de la sociedad colombiana en torno a la violencia vivida, reencontrar la '
              'esperanza y pensar en una salida definitiva',
              'day 3'),
    Quotation('Como una de las lecciones aprendidas y de cara al Modelo integral de gestión local '
              'resulta indispensable una vez sucedido el hecho victimizante desplegar en primer '
              'lugar la acción de la administración de justicia. En segundo lugar, es menester '
              'resarcir los daños que se han provocado, restituir los derechos y avanzar en la '
              'implementación de garantías de no repetición',
              'day 3'),
    Quotation('resulta indispensable una vez sucedido el hecho victimizante desplegar en primer '
              'lugar la acción de la administración de justicia. En segundo lugar, es menester '
              'resarcir los daños que se han provocado, restituir los derechos y avanzar en la '
              'implementación de garantías de no repetición. Esta reparación es una forma '
              'importante de romper con los círculos de violencia y se vuelve a su vez un factor '
              'de prevención de posibles violencias futuras',
              'day 3'),
    Quotation('Igualmente, la institución debe consolidarse como agente intermediador para '
              'resolver los problemas de convivencia y evitar que los actores ilegales tomen su '
              'lugar. Si la institución no se posiciona, los problemas sociales de convivencia no '
              'resueltos suelen desencadenar problemas de violencia',
              'day 3'),
    Quotation('Ayer fui bueno haciendo el mal, hoy tengo que ser excelente enseñando y haciendo '
              'el bien',
              'day 3'),
    Quotation('tener en cuenta el contexto social y urbano en el diseño y desarrollo de los '
              'programas para dignificar la población',
              'day 4'),
    Quotation('la importancia de instaurar espacios físicos y de oportunidades con contenidos '
              'neutrales y de convivencia para la gente',
              'day 4'),
    Quotation('la intervención en lugares estratégicos, sobre todo donde antes confluían los '
              'actores de la violencia',
              'day 4'),
    Quotation('La mañana fue destinada para visitar la Secretaría de Seguridad y Convivencia de '
              'la Municipalidad de Medellín donde los invitados pudieron participar en un debate '
              'sobre la metodología usada para el diseño de la Política Pública de Seguridad y '
              'Convivencia, así como conocer el Sistema Integrado de Emergencia y Seguridad '
              'Metropolitana (SIES-M)',
              'day 4'),
    Quotation('El debate se realizó con el responsable de la SubSecretaría de Planeación de '
              'Seguridad, la directora del Centro de Análisis Políticos de la Universidad Eafit, '
              'un representante de UNODC-Colombia y el encargado para Medellín de la vigilancia '
              'por cuadrantes de la Policía Nacional',
              'day 4'),
    Quotation('el liderazgo y la articulación de diferentes actores para la concepción de dicha '
              'Política',
              'day 4'),
    Quotation('En efecto, cada uno de los actores no podía resolver de forma independiente los '
              'problemas, se requería una acción de grupo, se buscaba aunar esfuerzos apostándole '
              'a una hoja de ruta de largo aliento que trascendiera los periodos de los gobiernos '
              'de turno',
              'day 4'),
    Quotation('una integralidad de la intervención con una focalización de la acción de forma '
              'diferenciada',
              'day 4'),
    Quotation('Se debe resaltar que la Política Pública a pesar de ser concebida como una '
              'herramienta a ser utilizada por los gobiernos futuros, logra a su vez ser lo '
              'suficientemente flexible para adaptarse a las líneas propias de cada gobernante, '
              'sin perder de rumbo las apuestas de ciudad. De esta manera, los mandatarios '
              'locales han construido sobre lo construido',
              'day 4'),
    Quotation('De este ejercicio de unión de visiones compartidas se aprendió que la seguridad y '
              'la convivencia no son factores aislados y que se debe atender a estas '
              'problemáticas con una mirada microsocial y entender al máximo la población y sus '
              'necesidades con el fin de territorializar la Política Pública. Un diagnostico '
              'estratégico, un análisis causal del delito y una determinación de las causales de '
              'riesgo y su tratamiento integral desde una visión de prevención desde la '
              'convivencia son vitales para romper los círculos viciosos',
              'day 4'),
    Quotation('Durante la mañana los participantes, también conocieron el Sistema Integrado de '
              'Emergencia y Seguridad Metropolitana SIES-M, donde cohabitan y colaboran de forma '
              'coordinada diferentes organismos de Seguridad y Justicia, y dependencias de la '
              'Administración Municipal',
              'day 4'),
    Quotation('La Loma, al conectar con otras zonas del departamento y del país a través de la '
              'vía la mar y el túnel de Occidente, se convirtió en un corredor geoestratégico '
              'para los grupos armados ilegales y el tráfico de drogas y armas',
              'day 4'),
    Quotation('desplazamientos masivos vividos por la Vereda debido a la violencia, en el 2013',
              'day 4'),
    Quotation('la Unidad Municipal de Atención y Reparación a Víctima implemento un conjunto de '
              'acciones',
              'day 4'),
    Quotation('se dieron variadas iniciativas ciudadanas en el territorio',
              'day 4'),
    Quotation('adecuaciones institucionales, procedimientos implementados y fortalecimiento de '
              'las organizaciones de base',
              'day 4'),
    Quotation('la generación o construcción de una cultura confianza de parte de la ciudadanía en '
              'las instituciones',
              'day 4'),
    Quotation('la institucionalidad vino a darle más fuerza y acompañamiento a las dinámicas '
              'comunitarias propias',
              'day 4'),
    Quotation('De cara al Modelo, se resalta nuevamente como lección aprendida que, una vez '
              'sucedido el hecho victimizante, es fundamental la administración de justicia y '
              'acciones concretas tendientes a la atención y reparación a las víctimas, el '
              'restablecimiento de derechos y las garantías de no repetición',
              'day 4'),
    Quotation('el uso de la cultura y el arte en los jóvenes es punta de lanza en temas de '
              'prevención, memoria y de resistencia',
              'day 4'),
    Quotation('aún quedan elementos sobre los cuales es necesario seguir avanzando',
              'day 4'),
    Quotation('Nosotros estábamos aquí antes de que la violencia nos pusiera en el mapa. La danza '
              'es nuestra forma de canalizar y evacuar nuestra mala energía, de transformarla, de '
              'conocer mi identidad, de crear lazos los demás y de resignificar el nombre de La '
              'Loma',
              'day 4'),
    Quotation('una actividad de discusión que pudiera generar grupos de trabajo en temas de '
              'interés común entre ciudades en materia de violencia y convivencia',
              'day 5'),
    Quotation('fijando compromisos y planes de acción corto, mediano y largo plazo',
              'day 5'),
    Quotation('realizar su primer encuentro en la ciudad de Cali para inicios del segundo '
              'semestre del 2017',
              'day 5'),
    Quotation('conocer más sobre la estrategia del CEPAR de Medellín, difundir sus prácticas',
              'day 5'),
    Quotation('la estrategia del museo casa de la memoria de Medellín con jóvenes en peligro',
              'day 5'),
    Quotation('capacidad técnica policial en materia de prevención y de acciones duras contra el '
              'crimen',
              'day 5'),
    Quotation('la toma de decisiones con base en datos',
              'day 5'),
    Quotation('podrían resumir de forma concisa los 5 días de vivencias',
              'conclusions'),
    Quotation('Comprender las acciones de la ciudad en materia de seguridad y convivencia como '
              'intervenciones integrales y focalizadas, pero sobre todo dentro de un esquema de '
              'articulación entre ellas y con las diferentes instituciones de la alcaldía',
              'conclusions'),
    Quotation('las acciones desconectadas no tienen el mismo éxito e implican más desgaste '
              '(administrativo, financiero, humano y de confianza)',
              'conclusions'),
    Quotation('Entender la seguridad como una misión compartida y convenirla no solo como una '
              'misión de la policía es un gran avance',
              'conclusions'),
    Quotation('Los elementos de prevención, reacción-represión, justicia, reparación y no '
              'repetición involucran aspectos a abordar de forma integral, transversal y '
              'focalizada', 'conclusions'),
    Quotation('La importancia de realizar apuestas de ciudad',
              'conclusions'),
    Quotation('y políticas públicas que busquen superar los periodos de gobierno de los '
              'mandatarios de turno y se garantice una continuidad',
              'conclusions'),
    Quotation('El conocimiento y entendimiento de la cultura metro en el sistema integrado de '
              'transporte de Medellín',
              'conclusions'),
    Quotation('Hay algunos ingredientes que son propios de algunas de las buenas prácticas de '
              'Medellín',
              'conclusions'),
    Quotation('la resiliencia que los ciudadanos desarrollaron para sobreponerse de las '
              'dificultades vividas en los peores momentos de la violencia y problemas de '
              'convivencia',
              'conclusions'),
    Quotation('La importancia de la difícil pero vital tarea de lograr una articulación '
              'institucional transversal e integral en la planificación e implementación, así '
              'como alcanzar el involucramiento y trabajo manComunado con la comunidad, la '
              'academia y el sector privado',
              'conclusions'),
    Quotation('El trabajo manComunado con la población además de generar confianza en las '
              'instituciones y legitimar las acciones de las instituciones genera a su vez un '
              'sentido de pertenencia',
              'conclusions'),
    Quotation('El empoderamiento, validación y participación social de las acciones es un '
              'elemento clave',
              'conclusions'),
    Quotation('El valor de la metodología utilizada para desarrollar en conjunto la actividad del '
              'Medellín Lab. Desde una perspectiva vivencial, de contacto directo con la ciudad, '
              'los actores locales públicos, privados y sociales',
              'conclusions'),
    Quotation('El Medellín Lab como laboratorio vivo de prácticas y su metodología permite '
              'generar un escenario horizontal de aprendizaje y de intercambio de doble vía entre '
              'los diferentes participantes',
              'conclusions'),
    Quotation('algunas de las similaridades que tienen nuestras ciudades en cuanto a sus '
              'realidades locales relativas a la seguridad',
              'conclusions'),
    Quotation('La importancia y particularidad propia con que cuenta la ciudad con relación a los '
              '6 ejes de transformación social de Medellín, que han hecho que la construcción del '
              'Modelo fuera más realizable',
              'conclusions'),
)
