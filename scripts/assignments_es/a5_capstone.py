"""Spanish text of assignment 5 (see scripts/spanish_assignments.py).

The model plan's texts (in the answer cell of question 2) stay as in the English edition: the
course's answer-variant tests edit them.
"""
# ruff: noqa: E501  (prose: Markdown lines as the notebook shows them)

MARKDOWN = {
    "a5_intro": """# Tarea 5 · Proyecto final: un plan de acción para una ciudad

Esta tarea sigue a la **lección 08**. El último día del Medellín Lab, los participantes
formaron grupos de trabajo en un *Open Space* y fijaron "compromisos y planes de acción
corto, mediano y largo plazo". Usted hará lo mismo para una ciudad: un diagnóstico breve a
partir de datos, un plan de acción según las líneas de intervención del modelo integral
escrito como código (revisado automáticamente), una simulación y una justificación escrita
calificada con la rúbrica de abajo.

| Parte | Tema | Puntos |
|---|---|---|
| 1 | Diagnóstico a partir de datos | 3 (calificación automática) |
| 2 | El plan de acción como código | 5 (calificación automática) |
| 3 | Continuidad en el simulador | 2 (calificación automática) |
| 4 | Justificación escrita | 10 (escrita, con rúbrica) |
| | **Total** | **20** |

{HOW_TO_WORK}""",
    "a5_setup_prompt": """## Preparación

`police`: homicidios, población y tasa por 100.000 habitantes por año (conteos de la Policía
Nacional, proyecciones de población del DANE; 2003-2024) de los 19 municipios colombianos
con al menos 350.000 habitantes. Si su ciudad no está entre ellos, elija la más parecida en
tamaño o situación, y explique por qué en la parte 4. `plan`: el plan de acción del curso
(lección 08). `plan.example()` es el grupo *Joven Lab* del Open Space en forma de plan:
léalo antes de escribir el suyo.""",
    "q1_prompt": """## Parte 1 · Diagnóstico

### Pregunta 1 · Su ciudad en cifras (3 puntos)

1. Asigne a `my_city_code` el `municipality_code` de su ciudad (un texto de 5 dígitos, p. ej.
   `"05001"` para Medellín).
2. Construya `diagnosis`, un **dict** con estas claves:

| clave | valor |
|---|---|
| `"municipality"` | el nombre de la ciudad, como en la tabla |
| `"rate_2003_2005"` | promedio de `rate_per_100k` en 2003, 2004 y 2005 |
| `"rate_2022_2024"` | promedio de `rate_per_100k` en 2022, 2023 y 2024 |
| `"change_pct"` | `100 * (rate_2022_2024 / rate_2003_2005 - 1)` |
| `"rank_2024"` | el puesto de la ciudad entre las 19 según `rate_per_100k` en 2024, 1 = la tasa más alta |

Promediar tres años suaviza un año atípico. `rate_per_100k` está redondeada a 4 decimales:
también se aceptan tasas recalculadas a partir de `homicides` y `population`, y promedios y
`change_pct` redondeados a 1 decimal o más.""",
    "q2_prompt": """## Parte 2 · El plan de acción

### Pregunta 2 · Su plan como código (5 puntos)

Construya `my_plan = plan.ActionPlan(...)` con elementos `plan.Commitment(...)`, como en
`plan.example()`. Un plan completo:

- pasa `my_plan.validate(require_integral=True)` **sin ningún problema** (ejecútelo: cada
  problema dice cómo corregirlo). Eso significa un título, un territorio, problemas, líneas,
  actores y compromisos de corto (`"corto"`), mediano (`"mediano"`) y largo (`"largo"`)
  plazo, cada línea atendida por un compromiso, y líneas de al menos dos etapas del modelo;
- tiene un `territory` que contiene el nombre de su ciudad exactamente como lo escribe la
  tabla (el `municipality` de su `my_city_code`, como en `diagnosis["municipality"]`);
- trabaja en al menos **4 líneas** del modelo y al menos **un eje transversal**
  (`"participacion_empoderamiento"` o `"resiliencia_resistencia"`);
- nombra al menos **4 actores**, no solo la policía;
- tiene al menos **5 compromisos**, cada uno con un `indicator` que se pueda medir.

`print(my_plan.to_markdown())` lo muestra como documento.""",
    "q3_prompt": """## Parte 3 · Continuidad en el simulador

### Pregunta 3 · ¿Y si el siguiente gobierno abandona el plan? (2 puntos)

El Laboratorio insistió en políticas que sobrevivan al gobierno de turno. Pruébelo en el
simulador (cifras sintéticas, lección 07):

1. `plan_scenario`: un `scenario.Scenario` con el esfuerzo repartido **por igual** entre las
   líneas del modelo de su plan (`scenario.equal_shares(...)`; los ejes no son líneas,
   déjelos fuera), `continuity=True`, una `participation` de su elección, e
   `initial=scenario.Initial(homicide_rate=diagnosis["rate_2022_2024"])`.
2. `dropped = plan_scenario.replace(continuity=False, name="dropped")`.
3. `continuity_gain_10y`: `dropped.simulate().cumulative_homicide_rate(10) -
   plan_scenario.simulate().cumulative_homicide_rate(10)`.""",
    "q4_prompt": """## Parte 4 · Justificación

### Pregunta 4 · ¿Por qué este plan? (10 puntos, calificada por su docente)

Escriba la justificación de su plan para el concejo municipal (más o menos una página, de
300 a 500 palabras, en español o en inglés). Refiérase a su `diagnosis`, a `my_plan` y a
`continuity_gain_10y`.

**Rúbrica** (cada criterio: 2 = completo y específico de su ciudad, 1 = parcial o genérico,
0 = ausente):

1. **Diagnóstico (2 puntos):** usa sus cifras correctamente, con su fuente, y al menos un
   límite (los conteos de la Policía difieren de otras fuentes; el DANE cambió su base de
   población en 2018; una tasa no es una causa). Si su ciudad no está en la tabla, dice por
   qué eligió esta.
2. **Integralidad (2 puntos):** explica por qué estas líneas, y cómo se conectan en su plan
   la prevención, la reacción y la justicia, y la reparación (el orden del modelo), en lugar
   de una lista de proyectos.
3. **Participación (2 puntos):** dice quién participa, cómo (diseño, decisiones,
   seguimiento) y por qué la seguridad es una misión compartida (corresponsabilidad), no
   solo de la policía.
4. **Continuidad (2 puntos):** muestra cómo el plan sobrevive a un cambio de gobierno
   (compromisos por plazo, una política pública, instituciones), usando
   `continuity_gain_10y` solo como ilustración de un modelo sintético.
5. **Evaluación y ética (2 puntos):** dice cómo sabría si funciona (indicadores, un grupo de
   comparación, tendencias paralelas, lo que los datos no pueden mostrar) y un riesgo para
   los derechos de las personas, con la manera de prevenirlo.""",
    "q4_mg_justification": """### BEGIN SOLUTION
Una respuesta modelo para Medellín (código 05001). Diagnóstico: los conteos de la Policía dan
una tasa promedio de unos 57 homicidios por 100.000 habitantes en 2003-2005 y de unos 13 en
2022-2024, una caída de alrededor del 77 % (`diagnosis`); en 2024 solo tres ciudades de la
tabla tenían tasas más bajas. Son conteos de la Policía Nacional con poblaciones del DANE; la
tabla del SISC de la propia ciudad y Medicina Legal dan otras cifras para los mismos años, el
DANE cambió su base de población en 2018, y una tasa que baja no nos dice qué la hizo bajar.
El plan trabaja en prevención temprana y social (los jóvenes, donde empieza el
reclutamiento), reacción y control con justicia (investigación, para que el control rinda
cuentas), atención a víctimas y garantías de no repetición, en el orden del modelo: prevenir,
responder con justicia, reparar para que el daño no alimente nueva violencia. Mesas
comunitarias en cada comuna priorizada participan desde el diseño del plan hasta su
seguimiento mensual, con colectivos juveniles y juntas de acción comunal, porque el
Laboratorio vio que la apropiación por la comunidad hace durar los programas y que la
seguridad es una misión compartida. Los compromisos se fijan a corto, mediano y largo plazo;
el de largo plazo es una política pública con un horizonte de diez años, como el Acuerdo 21
de 2015 de Medellín, para que el plan no termine con un gobierno. En el simulador, abandonar
el plan después de un periodo cuesta `continuity_gain_10y` homicidios por 100.000 habitantes
en diez años: una ilustración sintética del argumento, no un pronóstico. Cada compromiso
tiene un indicador; el efecto se juzgaría frente a comunas a las que el plan aún no ha
llegado (diferencia en diferencias, revisando antes las tendencias paralelas), sabiendo que
el delito registrado también refleja la denuncia. El principal riesgo para los derechos es
que el control focalizado estigmatice a los jóvenes de las comunas priorizadas; cada
operativo debería revisarse con las mesas comunitarias, y la Personería debería responder
las quejas.
### END SOLUTION""",
    "a5_end": "{END}",
}

CODE = {
    "q1_ag_diagnosis_tests": [
        ("# Tests for question 1", "# Pruebas de la pregunta 1"),
        ('f"{my_city_code!r} is not a municipality_code of the table: copy one from `cities` "\n'
         '    "(5 digits, as text, e.g. \'05001\').")',
         'f"{my_city_code!r} no es un municipality_code de la tabla: copie uno de `cities` "\n'
         '    "(5 dígitos, como texto, p. ej. \'05001\').")'),
        ('"diagnosis should be a dict."', '"diagnosis debe ser un dict."'),
        ('f"diagnosis lacks the key(s) {sorted(_missing)}."',
         'f"A diagnosis le falta(n) la(s) clave(s) {sorted(_missing)}."'),
        ('"rank_2024 is between 1 and 19."', '"rank_2024 está entre 1 y 19."'),
        ('"municipality: your city\'s name exactly as the table writes it.")',
         '"municipality: el nombre de su ciudad exactamente como lo escribe la tabla.")'),
        ("# rate_per_100k is rounded to 4 decimals: a mean of rates recomputed from homicides and\n"
         "# population is accepted, and so is a mean rounded to 1 decimal or more.",
         "# rate_per_100k está redondeada a 4 decimales: se acepta un promedio de tasas recalculadas\n"
         "# con homicides y population, y también un promedio redondeado a 1 decimal o más."),
        ('"Mean of 2003, 2004, 2005."', '"Promedio de 2003, 2004, 2005."'),
        ('"Mean of 2022, 2023, 2024."', '"Promedio de 2022, 2023, 2024."'),
        ('"rank_2024: 1 is the city with the highest rate in 2024.")',
         '"rank_2024: 1 es la ciudad con la tasa más alta en 2024.")'),
        ('print("Question 1: the visible tests pass.")',
         'print("Pregunta 1: las pruebas visibles pasan.")'),
    ],
    "q2_ag_action_plan": [
        ('print(my_plan.validate(require_integral=True) or "The plan is complete.")',
         'print(my_plan.validate(require_integral=True) or "El plan está completo.")'),
    ],
    "q2_ag_action_plan_tests": [
        ("# Tests for question 2", "# Pruebas de la pregunta 2"),
        ('"my_plan should be a plan.ActionPlan(...)."', '"my_plan debe ser un plan.ActionPlan(...)."'),
        ('"The plan is not complete yet:\\n- "', '"El plan todavía no está completo:\\n- "'),
        ('f"The plan works on {len(_lines)} line(s) of the model; use at least 4."',
         'f"El plan trabaja en {len(_lines)} línea(s) del modelo; use al menos 4."'),
        ('"Add a transversal axis to the plan\'s lines.")',
         '"Agregue un eje transversal a las líneas del plan.")'),
        ('# The city of my_city_code as the table writes it (what diagnosis["municipality"] asks).',
         '# La ciudad de my_city_code como la escribe la tabla (lo que pide diagnosis["municipality"]).'),
        ('"The territory should name your city exactly as the table writes it.")',
         '"El territorio debe nombrar su ciudad exactamente como la escribe la tabla.")'),
        ('"Name at least 4 actors."', '"Nombre al menos 4 actores."'),
        ('"Write at least 5 commitments."', '"Escriba al menos 5 compromisos."'),
        ('"Every commitment needs an indicator you could measure.")',
         '"Cada compromiso necesita un indicador que se pueda medir.")'),
        ('"my_plan should hold only text and lists, so that it saves and loads unchanged.")',
         '"my_plan debe contener solo textos y listas, para guardarse y cargarse sin cambios.")'),
        ('print("Question 2: the visible tests pass.")',
         'print("Pregunta 2: las pruebas visibles pasan.")'),
    ],
    "q3_ag_continuity": [
        ('print(f"Keeping the plan spares {continuity_gain_10y:.1f} homicides per 100,000 over ten "\n'
         '      "years in the model (synthetic).")',
         'print(f"Mantener el plan evita {continuity_gain_10y:.1f} homicidios por 100.000 en diez "\n'
         '      "años en el modelo (sintético).")'),
    ],
    "q3_ag_continuity_tests": [
        ("# Tests for question 3", "# Pruebas de la pregunta 3"),
        ('"plan_scenario should be a scenario.Scenario."', '"plan_scenario debe ser un scenario.Scenario."'),
        ('"plan_scenario keeps the policy (continuity=True); dropped does not.")',
         '"plan_scenario mantiene la política (continuity=True); dropped no.")'),
        ('"Start from your diagnosis: initial=scenario.Initial(homicide_rate="',
         '"Parta de su diagnóstico: initial=scenario.Initial(homicide_rate="'),
        ('"Share the effort equally among your plan\'s lines."',
         '"Reparta el esfuerzo por igual entre sus líneas."'),
        ('"dropped keeps the shares of plan_scenario: only continuity and the name change.")',
         '"dropped conserva los repartos de plan_scenario: solo cambian la continuidad y el "\n'
         '    "nombre.")'),
        ('"dropped keeps the participation of plan_scenario.")',
         '"dropped conserva la participación de plan_scenario.")'),
        ('"continuity_gain_10y: dropped\'s cumulative rate over 10 years minus plan_scenario\'s.")',
         '"continuity_gain_10y: la tasa acumulada de dropped en 10 años menos la de "\n'
         '    "plan_scenario.")'),
        ('print("Question 3: the visible tests pass.")',
         'print("Pregunta 3: las pruebas visibles pasan.")'),
    ],
}
