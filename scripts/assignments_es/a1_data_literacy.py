"""Spanish text of assignment 1 (see scripts/spanish_assignments.py)."""
# ruff: noqa: E501  (prose: Markdown lines as the notebook shows them)

MARKDOWN = {
    "a1_intro": """# Tarea 1 · Alfabetización de datos: contar la violencia con cuidado

Esta tarea sigue a las **lecciones 00 y 01**. Usted cargará las tablas del curso, convertirá
conteos en tasas y comparará dos fuentes oficiales que no coinciden. Ese es el trabajo diario
detrás del *modelo de gestión para la toma informada de decisiones* del modelo de Medellín.

| Parte | Tema | Puntos |
|---|---|---|
| 1 | Cargar y normalizar: homicidios por año, tasas por territorio | 5 (calificación automática) |
| 2 | Comparar fuentes: SISC y Policía Nacional | 3 (calificación automática) + 4 (escrita) |
| 3 | Informar cambios: el hurto | 1 (calificación automática) + 2 (escrita) |
| | **Total** | **15** |

{HOW_TO_WORK}""",
    "a1_setup_prompt": """## Preparación

Las tablas del curso vienen de `medlab_teach.data`. Cada una tiene su fuente:
`data.describe("crimes_annual")` le dice de dónde viene. Esta celda carga las tres tablas que
necesita. No la modifique.

- `crimes`: SISC (Sistema de Información para la Seguridad y la Convivencia, Alcaldía
  de Medellín, vía MEData), casos por año, conducta y territorio (16 *comunas* con códigos
  `"01"`-`"16"`, 5 *corregimientos* con códigos `"50"`-`"90"`, y `"SIN DATO"` para un
  lugar desconocido).
- `population`: proyecciones de población de 2018 por territorio, grupo de edad y sexo (una
  fila por territorio, grupo de edad y sexo).
- `police`: homicidios por año reportados por la Policía Nacional (2003-2024), con población
  y tasa, de los 19 municipios colombianos de al menos 350.000 habitantes.""",
    "q1_1_prompt": """## Parte 1 · Cargar y normalizar

### Pregunta 1.1 · Homicidios por año (2 puntos)

Construya `homicides_by_year`: una **Series** de pandas cuyo índice es el año (2003 a 2023)
y cuyos valores son el número de homicidios (`conduct == "Homicidio"`) en toda la ciudad
ese año, sumados sobre **todos** los territorios (conserve `"SIN DATO"`: un homicidio con
lugar desconocido también ocurrió).

*Pista:* filtre las filas y luego use `groupby("year")["cases"].sum()`.""",
    "q1_2_prompt": """### Pregunta 1.2 · Tasas de homicidio por territorio en 2018 (3 puntos)

Los conteos dependen de cuántas personas viven en un lugar. Para comparar territorios, use la
tasa por 100.000 habitantes: `data.rate(cases, population)`.

Construya `rates_2018`, un **DataFrame** con una fila por cada uno de los **21 territorios**
(16 comunas y 5 corregimientos; sin `"SIN DATO"`) y estas columnas:

| columna | significado |
|---|---|
| `territory_code` | `"01"` ... `"90"` |
| `territory_name` | de la tabla de población |
| `population` | población de 2018: la suma sobre **todos los grupos de edad y ambos sexos** |
| `homicides` | homicidios en 2018 |
| `rate` | homicidios por 100.000 habitantes (exacta, o redondeada a 1 decimal o más) |

Ordene las filas de la tasa más alta a la más baja.

*Cuidado:* la tabla de población tiene una fila por territorio, grupo de edad y sexo: súmelas
primero y luego haga `merge` con los homicidios. `crimes` tiene una fila `"SIN DATO"`, que
no tiene población.""",
    "q2_1_prompt": """## Parte 2 · Comparar fuentes

### Pregunta 2.1 · SISC frente a la Policía Nacional (3 puntos)

Dos fuentes oficiales cuentan los homicidios de Medellín. En la tabla `police`, Medellín es
`municipality_code == "05001"`.

Construya `comparison`, un **DataFrame** indexado por año de **2003 a 2023** (ambos
incluidos), con las columnas:

| columna | significado |
|---|---|
| `sisc` | su `homicides_by_year` (pregunta 1.1) |
| `police` | los `homicides` de la tabla de la Policía para Medellín |
| `difference` | `police - sisc` |
| `ratio` | `police / sisc` |

Luego asigne a `largest_gap_year` el año (un `int`) en que las dos fuentes están más
alejadas, sea cual sea la mayor (la mayor diferencia **absoluta**).""",
    "q2_2_prompt": """### Pregunta 2.2 · ¿Qué cifra es la correcta? (4 puntos, calificada por su docente)

Un periodista le pregunta: *"¿Cuántas personas fueron asesinadas en Medellín en 2009?"*
Usted tiene tres cifras: SISC **2.095**, Policía Nacional **1.416** y Medicina Legal
**2.186** (según Colombiacheck). Responda al periodista en 5 a 8 oraciones, en español o
en inglés.

**Rúbrica (1 punto cada criterio):**

1. Da las cifras **con sus fuentes** y dice que provienen de sistemas de registro distintos
   (no "una es un error de digitación").
2. Nombra al menos una razón plausible de la diferencia (qué cuenta como homicidio, qué
   entidad lo registra, revisiones de los registros con el tiempo, ...) y dice que es una
   hipótesis mientras no pueda comprobarla.
3. Responde la pregunta: una cifra elegida **para un propósito explícito**, o un rango, con
   una razón.
4. Dice qué debe saber el lector para que la cifra sea honesta (fuente, fecha de los datos,
   que las fuentes no coinciden) y usa su tabla `comparison` (por ejemplo la diferencia de
   2003, cuando el orden de las fuentes se invierte).""",
    "q2_2_mg_which_number": """### BEGIN SOLUTION
Para 2009 no hay una sola cifra: la tabla consolidada del SISC (Alcaldía de Medellín) da
2.095 homicidios, la Policía Nacional 1.416 y Medicina Legal 2.186 (según Colombiacheck).
Son tres sistemas de registro: la tabla validada de la ciudad, los registros policiales y
los forenses. La diferencia puede venir de las definiciones (qué muertes cuentan como
homicidio), de qué entidad registra primero un caso o de revisiones posteriores de los
registros; no puedo saber cuál sin los datos caso por caso, así que son hipótesis. Para una
nota sobre las víctimas informaría "entre unos 1.400 y 2.200 según la fuente, 2.095 en el
conteo validado de la propia ciudad", y usaría una misma fuente al comparar años. Al lector
hay que decirle la fuente y cuándo se descargaron los datos, y que las fuentes ni siquiera
coinciden en el sentido de la diferencia: en 2003 el conteo de la Policía (1.923) es mayor
que el del SISC (1.624); en 2009 es menor.
### END SOLUTION""",
    "q3_1_prompt": """## Parte 3 · Informar cambios

### Pregunta 3.1 · Hurto, 2010 y 2019 (1 punto)

Asigne a `theft_2010` y `theft_2019` el número de casos de `"Hurto a persona"` en toda la
ciudad en 2010 y en 2019, y a `theft_growth` el cociente `theft_2019 / theft_2010`.""",
    "q3_2_prompt": """### Pregunta 3.2 · ¿De verdad creció tanto el hurto? (2 puntos, calificada por su docente)

En 3 a 5 oraciones: ¿muestra `theft_growth` que el hurto a personas se multiplicó tantas
veces entre 2010 y 2019? ¿Qué más podría producir el aumento, y cómo lo comprobaría?

**Rúbrica (1 punto cada criterio):**

1. Distingue los casos *registrados* de los hurtos *cometidos* y nombra un cambio en la
   denuncia o el registro (por ejemplo, la denuncia en línea) que podría explicar parte del
   aumento.
2. Propone una comprobación concreta (una encuesta de victimización, la serie mensual
   alrededor de un cambio en la forma de denunciar, un delito menos sensible a la denuncia,
   como el homicidio, ...).""",
    "q3_2_mg_reporting": """### BEGIN SOLUTION
No: la tabla cuenta casos registrados, y el hurto muchas veces no se denuncia. Un aumento de
3.310 a 45.502 casos registrados (unas 14 veces) puede venir en buena parte de una denuncia
más fácil, por ejemplo la posibilidad de denunciar en línea, o de cambios en la forma de
consolidar los casos, más que de más hurtos. Para comprobarlo, compararía con una encuesta
de victimización de los mismos años y buscaría en la serie mensual un salto cuando cambió
la forma de denunciar; el homicidio, que casi siempre se registra, no aumentó de la misma
manera en esos años.
### END SOLUTION""",
    "a1_end": "{END}",
}

CODE = {
    "q1_1_ag_homicides_by_year_tests": [
        ("# Tests for question 1.1. If one fails, its message tells you what to look at.",
         "# Pruebas de la pregunta 1.1. Si una falla, su mensaje le dice qué revisar."),
        ('"homicides_by_year should be a pandas Series (one number per year), "\n'
         '    f"not a {type(homicides_by_year).__name__}.")',
         '"homicides_by_year debe ser una Series de pandas (un número por año), "\n'
         '    f"no un {type(homicides_by_year).__name__}.")'),
        ('"The index should be the years 2003, 2004, ..., 2023 in order. "\n'
         '    f"Yours starts with {list(homicides_by_year.index)[:3]}.")',
         '"El índice debe ser los años 2003, 2004, ..., 2023 en orden. "\n'
         '    f"El suyo empieza por {list(homicides_by_year.index)[:3]}.")'),
        ('"There are missing values: did you filter too much?"',
         '"Hay valores faltantes: ¿filtró demasiado?"'),
        ('"Some years have very few homicides: did you keep only one territory or one conduct "\n'
         '    "other than \'Homicidio\'?")',
         '"Algunos años tienen muy pocos homicidios: ¿conservó un solo territorio, o una "\n'
         '    "conducta distinta de \'Homicidio\'?")'),
        ('"Some years do not match the SISC table: sum the cases of \'Homicidio\' over every "\n'
         '    "territory (comunas, corregimientos and SIN DATO).")',
         '"Algunos años no coinciden con la tabla del SISC: sume los casos de \'Homicidio\' "\n'
         '    "de todos los territorios (comunas, corregimientos y SIN DATO).")'),
        ("# Totals stated in the source's provenance notes (SISC consolidated table).",
         "# Totales que dan las notas de procedencia de la fuente (tabla consolidada del SISC)."),
        ('"Some years do not match the totals SISC publishes: sum over every territory.")',
         '"Algunos años no coinciden con los totales que publica el SISC: sume todos los "\n'
         '        "territorios.")'),
        ('print("Question 1.1: the visible tests pass.")',
         'print("Pregunta 1.1: las pruebas visibles pasan.")'),
    ],
    "q1_2_ag_rates_tests": [
        ("# Tests for question 1.2", "# Pruebas de la pregunta 1.2"),
        ('"rates_2018 should be a DataFrame."', '"rates_2018 debe ser un DataFrame."'),
        ('f"rates_2018 lacks the column(s) {sorted(_missing)}."',
         'f"A rates_2018 le falta(n) la(s) columna(s) {sorted(_missing)}."'),
        ('"\'SIN DATO\' is not a territory: it has no population, so it has no rate.")',
         '"\'SIN DATO\' no es un territorio: no tiene población, así que no tiene tasa.")'),
        ('f"rates_2018 has {len(rates_2018)} rows; expected 21 (one per territory). "\n'
         '    "Did you sum the population over age groups and sexes before merging, and keep "\n'
         '    "only the territories that have a population?")',
         'f"rates_2018 tiene {len(rates_2018)} filas; se esperaban 21 (una por territorio). "\n'
         '    "¿Sumó la población de los grupos de edad y los sexos antes del merge, y conservó "\n'
         '    "solo los territorios que tienen población?")'),
        ('"Each territory should appear once."', '"Cada territorio debe aparecer una vez."'),
        ('"Some rates are missing (NaN)."', '"Faltan algunas tasas (NaN)."'),
        ('"The rates look too small: a rate per 100,000 is homicides / population * 100,000 "\n'
         '    "(data.rate does this for you).")',
         '"Las tasas parecen demasiado pequeñas: una tasa por 100.000 es homicidios / "\n'
         '    "población * 100.000 (data.rate lo hace por usted).")'),
        ('"Sort the rows from the highest rate to the lowest.")',
         '"Ordene las filas de la tasa más alta a la más baja.")'),
        ('"territory_code should hold the codes of the population table, written as there "\n'
         '    "(two digits, as text).")',
         '"territory_code debe tener los códigos de la tabla de población, escritos como allí "\n'
         '    "(dos dígitos, como texto).")'),
        ('"Some names are not on the row of their territory_code: keep each name with its "\n'
         '        "code when you merge and sort.")',
         '"Algunos nombres no están en la fila de su territory_code: mantenga cada nombre "\n'
         '        "con su código al hacer el merge y al ordenar.")'),
        ('"Some populations are wrong: sum every age group and both sexes of each territory.")',
         '"Algunas poblaciones están mal: sume todos los grupos de edad y ambos sexos de "\n'
         '        "cada territorio.")'),
        ('"Some homicide counts are wrong: the homicides of 2018 in each territory, "\n'
         '        "0 where there were none.")',
         '"Algunos conteos de homicidios están mal: los homicidios de 2018 en cada "\n'
         '        "territorio, 0 donde no hubo.")'),
        ("# the exact rate, or the rate rounded to 1 decimal or more",
         "# la tasa exacta, o la tasa redondeada a 1 decimal o más"),
        ('"Some rates are wrong: homicides / population * 100,000 for each territory.")',
         '"Algunas tasas están mal: homicidios / población * 100.000 en cada territorio.")'),
        ("# Total stated in the source's provenance notes (SISC consolidated table).",
         "# Total que dan las notas de procedencia de la fuente (tabla consolidada del SISC)."),
        ('"The homicides of the 21 territories do not add up to SISC\'s total for 2018.")',
         '"Los homicidios de los 21 territorios no suman el total del SISC para 2018.")'),
        ('print("Question 1.2: the visible tests pass.")',
         'print("Pregunta 1.2: las pruebas visibles pasan.")'),
    ],
    "q2_1_ag_sources_tests": [
        ("# Tests for question 2.1", "# Pruebas de la pregunta 2.1"),
        ('"comparison should be a DataFrame."', '"comparison debe ser un DataFrame."'),
        ('f"comparison lacks the column(s) {sorted(_missing)}."',
         'f"A comparison le falta(n) la(s) columna(s) {sorted(_missing)}."'),
        ('"Index comparison by year, from 2003 to 2023 included (use .loc[2003:2023]).")',
         '"Indexe comparison por año, de 2003 a 2023 incluidos (use .loc[2003:2023]).")'),
        ('"Some years have no value: is the police series indexed by year too?")',
         '"Algunos años no tienen valor: ¿la serie de la Policía también está indexada por año?")'),
        ('"largest_gap_year should be a whole number (an int), e.g. 2010."',
         '"largest_gap_year debe ser un número entero (un int), p. ej. 2010."'),
        ('# sisc is "your homicides_by_year" (question 1.1): a mistake there is not counted twice\n'
         '# here. The SISC totals themselves are accepted too.',
         '# sisc es "su homicides_by_year" (pregunta 1.1): un error allí no se cuenta dos veces\n'
         '# aquí. También se aceptan los totales del propio SISC.'),
        ('"sisc should be your homicides_by_year, year by year.")',
         '"sisc debe ser su homicides_by_year, año por año.")'),
        ('"police should be the homicides of the police table for Medellín, year by year.")',
         '"police deben ser los homicidios de la tabla de la Policía para Medellín, año por "\n'
         '        "año.")'),
        ('"difference is police minus sisc.")', '"difference es police menos sisc.")'),
        ('"ratio is police divided by sisc.")', '"ratio es police dividido por sisc.")'),
        ("# Police figures as published in the sources' provenance notes.",
         "# Cifras de la Policía tal como las publican las notas de procedencia de las fuentes."),
        ('"police does not match the figures the Policía Nacional publishes for Medellín.")',
         '"police no coincide con las cifras que publica la Policía Nacional para Medellín.")'),
        ('"largest_gap_year: look at the absolute value of the difference.")',
         '"largest_gap_year: mire el valor absoluto de la diferencia.")'),
        ('print("Question 2.1: the visible tests pass.")',
         'print("Pregunta 2.1: las pruebas visibles pasan.")'),
    ],
    "q3_1_ag_theft_growth_tests": [
        ("# Tests for question 3.1", "# Pruebas de la pregunta 3.1"),
        ('"Theft cases were higher in 2019 than in 2010."',
         '"Los casos de hurto fueron más en 2019 que en 2010."'),
        ('"theft_growth is theft_2019 divided by theft_2010.")',
         '"theft_growth es theft_2019 dividido por theft_2010.")'),
        ("# Totals stated in the source's provenance notes.",
         "# Totales que dan las notas de procedencia de la fuente."),
        ('"Sum \'Hurto a persona\' over all territories (and SIN DATO), 2010."',
         '"Sume \'Hurto a persona\' en todos los territorios (y SIN DATO), 2010."'),
        ('"Sum \'Hurto a persona\' over all territories (and SIN DATO), 2019."',
         '"Sume \'Hurto a persona\' en todos los territorios (y SIN DATO), 2019."'),
        ('print("Question 3.1: the visible tests pass.")',
         'print("Pregunta 3.1: las pruebas visibles pasan.")'),
    ],
}
