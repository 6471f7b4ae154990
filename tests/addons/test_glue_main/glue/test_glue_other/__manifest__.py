{"data": ["glue_data.xml"]}
