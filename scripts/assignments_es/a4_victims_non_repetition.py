"""Spanish text of assignment 4 (see scripts/spanish_assignments.py).

The model solutions' data values (the sources, steps and responsible bodies in the answer
cells) stay as in the English edition: the course's answer-variant tests edit them.
"""
# ruff: noqa: E501  (prose: Markdown lines as the notebook shows them)

MARKDOWN = {
    "a4_intro": """# Tarea 4 · Después del daño: víctimas, derechos y no repetición

Esta tarea sigue a las **lecciones 06 y 07**. En mayo de 2013, grupos armados obligaron a
familias a salir de la **vereda La Loma**, en el corregimiento de San Cristóbal. El
Laboratorio la visitó en su cuarto día: *"una vez sucedido el hecho victimizante, es
fundamental la administración de justicia y acciones concretas tendientes a la atención y
reparación a las víctimas, el restablecimiento de derechos y las garantías de no
repetición"* (informe del Medellín Lab, 2017). Usted leerá las cifras que dan distintas
fuentes, diseñará una ruta de atención y defenderá por escrito un escenario de política.

Escriba sobre las personas de La Loma con respeto: no son puntos de datos, y nada de esta
tarea requiere detalles de lo que le ocurrió a cada persona.

| Parte | Tema | Puntos |
|---|---|---|
| 1 | Las cifras de La Loma: fuentes que no coinciden; los homicidios de San Cristóbal | 5 (calificación automática) |
| 2 | Una ruta de atención | 3 (calificación automática) |
| 3 | Un escenario, defendido por escrito | 2 (calificación automática) + 5 (escrita) |
| | **Total** | **15** |

{HOW_TO_WORK}""",
    "a4_setup_prompt": """## Preparación

`timeline`: hechos fechados de los territorios de los casos, cada uno con su fuente (el
informe del Laboratorio, o una fuente pública nombrada en la columna `source`; referencias
completas en la página de fuentes del curso, `docs/sources.md`). `crimes` y `population`:
casos del SISC por año y territorio, y la población de 2018 (como en la tarea 1).
`scenario`: el simulador de políticas del curso (lección 07), un **modelo de enseñanza
sintético, no un pronóstico**.""",
    "q1_1_prompt": """## Parte 1 · Las cifras de La Loma

### Pregunta 1.1 · ¿Cuántas personas fueron desplazadas? (3 puntos)

Lea `la_loma_events` arriba. Tres fuentes dan un número de personas:

1. Construya `la_loma`, un **DataFrame** con una fila por fuente y las columnas `source`
   (texto), `date` (texto, como en la línea de tiempo) y `people` (int): el conteo de la
   Secretaría de Seguridad al 7 de mayo de 2013, la estimación de la Personería del
   15 de mayo de 2013 y el conteo de la Corporación Jurídica Libertad para todo 2013.
2. `people_per_family`: personas por familia en el conteo de la Secretaría de Seguridad
   (178 personas en 43 familias).
3. `spread`: la mayor cifra de `people` dividida por la menor.
4. `return_share_el_canon`: la proporción de las familias que salieron de El Cañón que
   habían regresado en el plazo de un mes (El Colombiano).""",
    "q1_2_prompt": """### Pregunta 1.2 · San Cristóbal en las cifras de la ciudad (2 puntos)

La Loma es una vereda del corregimiento de San Cristóbal (`territory_code == "60"`).

1. `san_cristobal`: una **Series** de homicidios (`"Homicidio"`) en San Cristóbal por año,
   índice 2003 a 2023.
2. `share_of_city_2013`: la proporción de San Cristóbal en todos los homicidios de la ciudad
   en 2013 (todos los territorios, incluido `"SIN DATO"`).
3. `share_of_population`: la proporción de San Cristóbal en la población de la ciudad en 2018.
4. `san_cristobal_rate_2013`: sus homicidios de 2013 por 100.000 habitantes, con la población
   de 2018 (`data.rate`; exacta, o redondeada a 1 decimal o más).""",
    "q2_1_prompt": """## Parte 2 · Una ruta de atención

### Pregunta 2.1 · De la emergencia a la no repetición (3 puntos)

Diseñe la ruta que deberían seguir las instituciones con las familias desplazadas de La
Loma, desde los primeros días hasta el largo plazo. Construya `route`: una **lista de
dicts**, uno por paso, en el orden en que empiezan, cada uno exactamente con estas claves:

| clave | valor |
|---|---|
| `"step"` | lo que se hace (texto, cada paso una vez) |
| `"line"` | la línea de intervención del modelo a la que pertenece: un id de `model.line_ids()` |
| `"responsible"` | la institución u organización que responde por él (texto) |
| `"term"` | `"inmediato"`, `"corto"`, `"mediano"` o `"largo"` (plazo) |
| `"with_community"` | `True` si se hace con las organizaciones de la comunidad, si no `False` |

Reglas de una ruta completa:

- al menos **5 pasos**; los plazos nunca retroceden (un paso inmediato nunca va después de
  uno de corto plazo, y así sucesivamente);
- incluye las líneas `"justicia"`, `"atencion_victimas"`, `"restablecimiento_derechos"` y
  `"garantias_no_repeticion"`, y **termina** con un paso de `"garantias_no_repeticion"`;
- los derechos se restablecen después de la primera atención a las víctimas (el primer paso
  de `"restablecimiento_derechos"` va después del primer paso de `"atencion_victimas"`);
- al menos **dos** pasos se hacen con la comunidad.""",
    "q3_1_prompt": """## Parte 3 · Un escenario

### Pregunta 3.1 · Su combinación de políticas frente al solo control (2 puntos)

El simulador reparte un esfuerzo anual entre las diez líneas (en porcentaje, que suma 100),
mantiene o abandona la política después del primer periodo de gobierno (`continuity`) y fija
cuánto participa la comunidad (`participation`, de 0 a 1). Sus cifras son **sintéticas**:
muestran cómo se desarrollan los supuestos del modelo, no lo que va a pasar.

1. `my_scenario`: un `scenario.Scenario` para San Cristóbal después de 2013, con
   `initial=scenario.Initial(homicide_rate=san_cristobal_rate_2013, year=2013)`, una
   combinación de su elección que ponga **al menos el 30 %** del esfuerzo en las líneas de
   reparación (`atencion_victimas`, `restablecimiento_derechos`, `construccion_paz`,
   `garantias_no_repeticion`), y la continuidad y la participación que usted elija.
2. `baseline`: el mismo escenario con `shares=scenario.preset("solo_control")`
   (todo en reacción y control) y el nombre `"solo_control"`:
   `baseline = my_scenario.replace(shares=scenario.preset("solo_control"), name="solo_control")`.
3. `my_run = my_scenario.simulate()` y `baseline_run = baseline.simulate()`.
4. `victims_spared_10y`: `baseline_run.cumulative_homicide_rate(10) -
   my_run.cumulative_homicide_rate(10)` (homicidios por 100.000 habitantes en diez años,
   en el modelo).

El widget de la lección 07 puede ayudarle a explorar; su `to_code()` imprime el código
Python de un escenario para pegarlo aquí. Las respuestas calificadas son código, nunca la
posición de un deslizador.""",
    "q3_2_prompt": """### Pregunta 3.2 · Defienda su escenario (5 puntos, calificada por su docente)

La Secretaría le pregunta por qué no enviaría simplemente más policía a San Cristóbal.
Defienda su escenario en 10 a 15 oraciones (en español o en inglés).

**Rúbrica (1 punto cada criterio):**

1. **Lo que eligió:** la combinación, la continuidad y la participación, cada una con una
   razón tomada del caso de La Loma o del Laboratorio (no solo del simulador).
2. **Lo que muestra el modelo:** compara su simulación con `baseline_run` usando al menos
   dos cifras (violencia, daño, confianza, `victims_spared_10y`) y dice cuándo se separan
   los dos caminos (primeros años frente a años posteriores).
3. **Es un modelo:** dice claramente que las cifras son sintéticas, nombra un supuesto que
   determina su resultado (por ejemplo, cómo el daño no reparado alimenta la venganza, o
   cómo se desgasta el control) y dice cómo cambiaría el resultado si fuera falso.
4. **La ruta:** conecta el escenario con su ruta de atención (parte 2): quién hace qué,
   cuándo y dónde participa la comunidad.
5. **No repetición y respeto:** dice qué mostraría, en el territorio real, que no se está
   repitiendo (un indicador que de verdad se pueda observar), y escribe sobre las víctimas
   con respeto.""",
    "q3_2_mg_defend_scenario": """### BEGIN SOLUTION
No me apoyaría solo en la policía. Mi escenario mantiene el control en el 15 % del esfuerzo,
pero pone el 60 % en justicia, atención a víctimas, restablecimiento de derechos,
construcción de paz y garantías de no repetición, porque en La Loma el daño vino de un
desplazamiento: las familias dejaron sus casas, la mayoría de las de El Cañón regresaron en
un mes (73 de 74, según El Colombiano), y lo que necesitaban era atención, protección y
recuperar sus derechos. Mantengo la política entre periodos de gobierno y fijo la
participación en 0,7, porque el informe del Laboratorio reconoce a la propia comunidad de La
Loma, y a la cultura y el arte de sus jóvenes, el liderazgo en la prevención, la memoria y la
resistencia.
En el simulador, el solo control baja la violencia más rápido en el primer año o los dos
primeros, pero su efecto se desgasta a medida que los actores se adaptan y el daño no
reparado sigue alimentando la violencia; mi combinación termina con menos daño y más
confianza, y en diez años evita `victims_spared_10y` homicidios por 100.000 habitantes frente
al escenario de base. Estas cifras son sintéticas: el modelo supone, por ejemplo, que el daño
no reparado aumenta la violencia (venganza); si ese efecto fuera débil, la ventaja de la
reparación sería menor y se vería más tarde.
La ruta de la parte 2 es la forma en que la combinación se vuelve acción: atención inmediata
y justicia por parte de la Unidad de Víctimas, la Personería y la Fiscalía, acompañamiento
psicosocial con las familias, un retorno seguro y, a largo plazo, un seguimiento de alertas
tempranas del corredor con la comunidad. La no repetición se vería en que no se registre un
nuevo desplazamiento colectivo en San Cristóbal y en que las familias sigan en sus veredas año
tras año, algo que la Personería y la comunidad pueden observar y reportar.
### END SOLUTION""",
    "a4_end": "{END}",
}

CODE = {
    "a4_setup": [
        ("# terms of a step (Part 2)", "# plazos de un paso (parte 2)"),
    ],
    "q1_1_ag_la_loma_tests": [
        ("# Tests for question 1.1", "# Pruebas de la pregunta 1.1"),
        ('"la_loma should be a DataFrame."', '"la_loma debe ser un DataFrame."'),
        ('f"la_loma lacks the column(s) {sorted(_missing)}."',
         'f"A la_loma le falta(n) la(s) columna(s) {sorted(_missing)}."'),
        ('"la_loma should have one row per source: 3 rows."',
         '"la_loma debe tener una fila por fuente: 3 filas."'),
        ('"Each source should appear once."', '"Cada fuente debe aparecer una vez."'),
        ('"people_per_family is people divided by families (how many people in a family).")',
         '"people_per_family es personas divididas por familias (cuántas personas hay en "\n'
         '    "una familia).")'),
        ('"spread is the largest people figure divided by the smallest.")',
         '"spread es la mayor cifra de people dividida por la menor.")'),
        ('"return_share_el_canon is a share between 0 and 1."',
         '"return_share_el_canon es una proporción entre 0 y 1."'),
        ("# Each figure with its own source and date, as the timeline gives them.",
         "# Cada cifra con su propia fuente y fecha, como las da la línea de tiempo."),
        ('"date: give each figure\'s date as la_loma_events writes it (text).")',
         '"date: dé la fecha de cada cifra como la escribe la_loma_events (texto).")'),
        ('"Some rows do not name the source that gave the figure of their date: check each "\n'
         '        "row against la_loma_events.")',
         '"Algunas filas no nombran la fuente que dio la cifra de su fecha: compare cada "\n'
         '        "fila con la_loma_events.")'),
        ('"Some people figures are not on the row of their source: check each row against "\n'
         '        "la_loma_events.")',
         '"Algunas cifras de people no están en la fila de su fuente: compare cada fila con "\n'
         '        "la_loma_events.")'),
        ('"people_per_family: the people of the Secretaría\'s count divided by its families.")',
         '"people_per_family: las personas del conteo de la Secretaría divididas por sus "\n'
         '    "familias.")'),
        ('"spread: the largest people figure divided by the smallest.")',
         '"spread: la mayor cifra de people dividida por la menor.")'),
        ('"return_share_el_canon: read El Colombiano\'s entry in la_loma_events: the families of "\n'
         '    "El Cañón who returned divided by the families who left El Cañón.")',
         '"return_share_el_canon: lea la entrada de El Colombiano en la_loma_events: las "\n'
         '    "familias de El Cañón que regresaron divididas por las que salieron de El Cañón.")'),
        ('print("Question 1.1: the visible tests pass.")',
         'print("Pregunta 1.1: las pruebas visibles pasan.")'),
    ],
    "q1_2_ag_san_cristobal": [
        ('print(f"2013: {share_of_city_2013:.1%} of the homicides, {share_of_population:.1%} of the "\n'
         '      f"people; {san_cristobal_rate_2013:.1f} per 100,000")',
         'print(f"2013: {share_of_city_2013:.1%} de los homicidios, {share_of_population:.1%} de "\n'
         '      f"la población; {san_cristobal_rate_2013:.1f} por 100.000")'),
    ],
    "q1_2_ag_san_cristobal_tests": [
        ("# Tests for question 1.2", "# Pruebas de la pregunta 1.2"),
        ('"san_cristobal should be a pandas Series."', '"san_cristobal debe ser una Series de pandas."'),
        ('"Index san_cristobal by year, 2003 to 2023.")',
         '"Indexe san_cristobal por año, de 2003 a 2023.")'),
        ('"Shares are between 0 and 1.")', '"Las proporciones están entre 0 y 1.")'),
        ('"A rate per 100,000: multiply by 100,000."', '"Una tasa por 100.000: multiplique por 100.000."'),
        ('"san_cristobal: the homicides of territory_code \'60\' in each year.")',
         '"san_cristobal: los homicidios de territory_code \'60\' en cada año.")'),
        ('"share_of_city_2013: divide by all the city\'s homicides in 2013, SIN DATO included.")',
         '"share_of_city_2013: divida por todos los homicidios de la ciudad en 2013, incluido "\n'
         '    "SIN DATO.")'),
        ("# San Cristóbal 99,662 of 2,529,403 people in 2018 (population table's provenance).",
         "# San Cristóbal: 99.662 de 2.529.403 habitantes en 2018 (procedencia de la tabla de\n"
         "# población)."),
        ('"share_of_population: San Cristóbal\'s 2018 population (every age group and both sexes) "\n'
         '    "divided by the whole city\'s.")',
         '"share_of_population: la población de San Cristóbal en 2018 (todos los grupos de edad "\n'
         '    "y ambos sexos) dividida por la de toda la ciudad.")'),
        ("# the exact rate, or the rate rounded to 1 decimal or more",
         "# la tasa exacta, o la tasa redondeada a 1 decimal o más"),
        ('"san_cristobal_rate_2013: San Cristóbal\'s homicides of 2013 per 100,000 of its own "\n'
         '    "2018 population.")',
         '"san_cristobal_rate_2013: los homicidios de San Cristóbal en 2013 por 100.000 "\n'
         '    "habitantes de su propia población de 2018.")'),
        ('print("Question 1.2: the visible tests pass.")',
         'print("Pregunta 1.2: las pruebas visibles pasan.")'),
    ],
    "q2_1_ag_route_tests": [
        ("# Tests for question 2.1", "# Pruebas de la pregunta 2.1"),
        ('"route should be a list of at least 5 dicts."', '"route: una lista de al menos 5 dicts."'),
        ('f"Each step is a dict with exactly the keys {sorted(_keys)}; check {_s!r}.")',
         'f"Cada paso es un dict exactamente con las claves {sorted(_keys)}; revise {_s!r}.")'),
        ('f"{_s[\'line\']!r} is not a line id: copy one from model.line_ids().")',
         'f"{_s[\'line\']!r} no es un id de línea: copie uno de model.line_ids().")'),
        ('f"{_s[\'step\']!r}: term must be one of {TERMS}."',
         'f"{_s[\'step\']!r}: term debe ser uno de {TERMS}."'),
        ('"with_community is True or False.")', '"with_community es True o False.")'),
        ('f"Terms go backwards along the route: {[_s[\'term\'] for _s in route]}. Put the steps "\n'
         '    "in the order they start.")',
         'f"Los plazos retroceden a lo largo de la ruta: {[_s[\'term\'] for _s in route]}. "\n'
         '    "Ponga los pasos en el orden en que empiezan.")'),
        ('f"The route has no step of {_needed!r}."', 'f"La ruta no tiene ningún paso de {_needed!r}."'),
        ('"The route ends with guarantees of non-repetition.")',
         '"La ruta termina con garantías de no repetición.")'),
        ('"Rights are restored after the victims are first attended.")',
         '"Los derechos se restablecen después de la primera atención a las víctimas.")'),
        ('"At least two steps are done with the community.")',
         '"Al menos dos pasos se hacen con la comunidad.")'),
        ('"Each step is described as text."', '"Cada paso se describe con texto."'),
        ('"Each step once, none empty."', '"Cada paso una vez, ninguno vacío."'),
        ('"Every step needs someone responsible."', '"Cada paso necesita un responsable."'),
        ('print("Question 2.1: the visible tests pass.")',
         'print("Pregunta 2.1: las pruebas visibles pasan.")'),
    ],
    "q3_1_ag_scenario_tests": [
        ("# Tests for question 3.1", "# Pruebas de la pregunta 3.1"),
        ('"my_scenario should be a scenario.Scenario(...).")',
         '"my_scenario debe ser un scenario.Scenario(...).")'),
        ('"Start from San Cristóbal\'s 2013 rate: "',
         '"Parta de la tasa de San Cristóbal en 2013: "'),
        ('"The scenario starts in 2013: scenario.Initial(..., year=2013).")',
         '"El escenario empieza en 2013: scenario.Initial(..., year=2013).")'),
        ('f"Your mix puts {_share.min():g}% on the reparation lines; the question asks for at "\n'
         '    "least 30%.")',
         'f"Su combinación pone {_share.min():g} % en las líneas de reparación; la pregunta "\n'
         '    "pide al menos el 30 %.")'),
        ('"baseline is my_scenario.replace(shares=scenario.preset(\'solo_control\'), "',
         '"baseline es my_scenario.replace(shares=scenario.preset(\'solo_control\'), "'),
        ('"baseline puts everything on control."', '"baseline pone todo en el control."'),
        ('"baseline keeps my_scenario\'s continuity: only the shares and the name change.")',
         '"baseline conserva la continuidad de my_scenario: solo cambian los repartos y el "\n'
         '    "nombre.")'),
        ('"baseline keeps my_scenario\'s participation: only the shares and the name change.")',
         '"baseline conserva la participación de my_scenario: solo cambian los repartos y el "\n'
         '    "nombre.")'),
        ('"baseline starts where my_scenario starts."',
         '"baseline empieza donde empieza my_scenario."'),
        ('"victims_spared_10y: baseline\'s cumulative rate over 10 years minus yours.")',
         '"victims_spared_10y: la tasa acumulada de baseline en 10 años menos la suya.")'),
        ('print("Question 3.1: the visible tests pass.")',
         'print("Pregunta 3.1: las pruebas visibles pasan.")'),
    ],
}
